/**
 * Leads of a SIG: chairs and tech leads in sigs.yaml, and the `<sig>-leads` alias of OWNERS_ALIASES
 * (the alias Prow's restricted labels point at), logins lower-cased.
 */
export function sigLeadsOf(sig, lists) {
    const leads = new Set();
    if (lists.groups.state === "loaded") {
        const group = lists.groups.value.byDir.get(sig);
        for (const login of [...(group?.chairs ?? []), ...(group?.techLeads ?? [])])
            leads.add(login.toLowerCase());
    }
    if (lists.ownersAliases.state === "loaded") {
        for (const login of lists.ownersAliases.value.get(`${sig}-leads`) ?? [])
            leads.add(login.toLowerCase());
    }
    return leads;
}
