import type { IssueListing, IssueReadOptions, IssueRecord, MarkedComment, Project, ProjectItem } from "./port.js";

/**
 * The GraphQL that release tracking reads issues with: a milestone's issues a hundred at a time with
 * their labels, kepbot's comments (ids first, bodies of kepbot's own comments in one more query) and
 * their project items; one issue with everything; a project's fields. Every query names only fields
 * of GitHub's published schema (the stand-in validates them against it).
 */

interface GraphComment {
  readonly id: string;
  readonly fullDatabaseId: string | null;
  readonly author: { readonly __typename: string } | null;
  readonly body?: string;
}
interface GraphFieldValue {
  readonly __typename: string;
  readonly optionId?: string | null;
  readonly field?: { readonly id?: string } | null;
}
export interface GraphIssue {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly state: "OPEN" | "CLOSED";
  readonly labels: { readonly nodes: readonly { readonly name: string }[] } | null;
  readonly milestone: { readonly title: string } | null;
  readonly comments?: { readonly nodes: readonly GraphComment[] };
  readonly projectItems?: { readonly nodes: readonly { readonly id: string; readonly project: { readonly id: string }; readonly fieldValues: { readonly nodes: readonly (GraphFieldValue | null)[] } }[] };
}
export interface GraphIssuePage {
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly nodes: readonly GraphIssue[];
}
export interface GraphBranch {
  readonly name: string;
  readonly target: { readonly oid: string } | null;
}

const variablesDeclared = "$withComments: Boolean!, $withBodies: Boolean!, $withProject: Boolean!";

/**
 * The fields of an issue; comments are the newest hundred (kepbot's status comment is written this
 * release). The page sizes keep a page of a hundred issues well inside GitHub's limit of 500,000 nodes a
 * query may ask for (5 milestones × 100 issues × (50 labels + 100 comments + 10 items × 30 values) ≈ 230,000).
 */
const issueFields = `id number title state
  labels(first: 50) { nodes { name } }
  milestone { title }
  comments(last: 100) @include(if: $withComments) { nodes { id fullDatabaseId author { __typename } body @include(if: $withBodies) } }
  projectItems(first: 10) @include(if: $withProject) { nodes { id project { id } fieldValues(first: 30) { nodes { __typename ... on ProjectV2ItemFieldSingleSelectValue { optionId field { ... on ProjectV2SingleSelectField { id } } } } } } }`;

const issuePage = (after: string) => `issues(first: 100${after}, labels: $labels) { pageInfo { hasNextPage endCursor } nodes { ${issueFields} } }`;

/** The first page: the milestones whose title contains the release (GitHub searches; `v1.37` finds a handful at most), each with its first hundred issues. */
export const milestoneIssuesQuery = `query($owner: String!, $name: String!, $title: String!, $labels: [String!], ${variablesDeclared}) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name target { oid } }
    milestones(first: 5, query: $title) { nodes { number title ${issuePage("")} } }
  }
}`;

/** Later pages of one milestone, by its number. */
export const milestonePageQuery = `query($owner: String!, $name: String!, $number: Int!, $after: String, $labels: [String!], ${variablesDeclared}) {
  repository(owner: $owner, name: $name) {
    milestone(number: $number) { ${issuePage(", after: $after")} }
  }
}`;

export const issueQuery = `query($owner: String!, $name: String!, $number: Int!, ${variablesDeclared}) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name target { oid } }
    issue(number: $number) { ${issueFields} }
  }
}`;

/** Bodies of kepbot's comments, by node id (a hundred per query). */
export const commentBodiesQuery = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { id body } } }`;

export const projectQuery = `query($owner: String!, $number: Int!) {
  organization(login: $owner) {
    projectV2(number: $number) { id fields(first: 100) { nodes { __typename ... on ProjectV2SingleSelectField { id name options { id name } } } } }
  }
}`;

export const addProjectItemMutation = `mutation($project: ID!, $content: ID!) { addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } } }`;

/** One request that sets several single-select fields of an item (aliased mutations run in order). */
export function setProjectFieldsMutation(options: Readonly<Record<string, string>>): { query: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  const declarations = ["$project: ID!", "$item: ID!"];
  const selections = Object.entries(options).map(([field, option], index) => {
    declarations.push(`$f${index}: ID!`, `$o${index}: String!`);
    variables[`f${index}`] = field;
    variables[`o${index}`] = option;
    return `u${index}: updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $f${index}, value: { singleSelectOptionId: $o${index} } }) { projectV2Item { id } }`;
  });
  return { query: `mutation(${declarations.join(", ")}) {\n${selections.join("\n")}\n}`, variables };
}

export function issueVariables(options: IssueReadOptions, bodies: boolean): Record<string, unknown> {
  return { withComments: options.marker !== undefined, withBodies: bodies && options.marker !== undefined, withProject: options.projectId !== undefined, labels: options.labels ? [...options.labels] : null };
}

/** kepbot's comments among an issue's: a bot's, whose body (when read) starts with the marker. */
export function botComments(issue: GraphIssue): readonly GraphComment[] {
  return (issue.comments?.nodes ?? []).filter((comment) => comment.author?.__typename === "Bot");
}

export function markedIn(comments: readonly GraphComment[], bodies: ReadonlyMap<string, string>, marker: string): MarkedComment | undefined {
  for (const comment of comments) {
    const body = comment.body ?? bodies.get(comment.id);
    if (body !== undefined && body.startsWith(marker) && comment.fullDatabaseId) return { id: Number(comment.fullDatabaseId), body };
  }
  return undefined;
}

function projectItemOf(issue: GraphIssue, projectId: string | undefined): ProjectItem | undefined {
  const item = issue.projectItems?.nodes.find((node) => node.project.id === projectId);
  if (!item) return undefined;
  const options: Record<string, string> = {};
  for (const value of item.fieldValues.nodes) {
    if (value?.__typename === "ProjectV2ItemFieldSingleSelectValue" && value.field?.id && value.optionId) options[value.field.id] = value.optionId;
  }
  return { id: item.id, options };
}

export function toIssueRecord(issue: GraphIssue, options: IssueReadOptions, bodies: ReadonlyMap<string, string>): IssueRecord {
  const marked = options.marker !== undefined ? markedIn(botComments(issue), bodies, options.marker) : undefined;
  const item = projectItemOf(issue, options.projectId);
  return {
    nodeId: issue.id,
    number: issue.number,
    title: issue.title,
    labels: (issue.labels?.nodes ?? []).map((label) => label.name),
    ...(issue.milestone ? { milestone: issue.milestone.title } : {}),
    state: issue.state === "OPEN" ? "open" : "closed",
    ...(marked ? { markedComment: marked } : {}),
    ...(item ? { projectItem: item } : {}),
  };
}

export function branchOf(branch: GraphBranch | null | undefined): IssueListing["defaultBranch"] {
  return branch?.target ? { name: branch.name, sha: branch.target.oid } : undefined;
}

export function projectOf(data: { organization: { projectV2: { id: string; fields: { nodes: readonly ({ __typename: string; id?: string; name?: string; options?: { id: string; name: string }[] } | null)[] } } | null } | null }): Project | undefined {
  const project = data.organization?.projectV2;
  if (!project) return undefined;
  const fields = project.fields.nodes.flatMap((node) => (node?.__typename === "ProjectV2SingleSelectField" && node.id && node.name ? [{ id: node.id, name: node.name, options: node.options ?? [] }] : []));
  return { id: project.id, fields };
}
