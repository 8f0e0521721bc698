import { kepDates } from "./kep-dates.js";
import { kepDirectoryNumber, kepDirectorySig } from "./kep-directory.js";
import { kepImplementedStable } from "./kep-implemented-stable.js";
import { kepLatestMilestoneStage } from "./kep-latest-milestone-stage.js";
import { kepMetadataMissing } from "./kep-metadata-missing.js";
import { kepMilestoneFormat } from "./kep-milestone-format.js";
import { kepMilestoneOrder } from "./kep-milestone-order.js";
import { kepNodeApprovers } from "./kep-node-approvers.js";
import { kepNumberUnique } from "./kep-number-unique.js";
import { kepSchemaRule } from "./kep-schema.js";
import { kepSeparator } from "./kep-separator.js";
import { kepOwningSigKnown, kepParticipatingSigsKnown } from "./kep-sigs-known.js";
import { kepAlphaPrrFields, kepBetaMetrics } from "./kep-stage-fields.js";
import { kepStageValid } from "./kep-stage-valid.js";
import { kepStatusValid } from "./kep-status-valid.js";
import { kepYaml } from "./kep-yaml.js";
import { prrApproval } from "./prr-approval.js";
import { prrApproverUnknown } from "./prr-approver-unknown.js";
import { prrFileMissing } from "./prr-file-missing.js";
import { prrMilestoneRequired, prrStageRequired } from "./prr-inputs.js";
import { prrNumberMismatch } from "./prr-number-mismatch.js";
import { prrOrphan } from "./prr-orphan.js";
import { prrSchemaRule } from "./prr-schema.js";
import { prrStageBlock } from "./prr-stage-block.js";
import { prrYaml } from "./prr-yaml.js";
import { readmePrrQuestionnaire } from "./readme-prr-questionnaire.js";
import { readmeTitle } from "./readme-title.js";
import { readmeToc } from "./readme-toc.js";
import { readmeTocVsTemplate } from "./readme-toc-vs-template.js";
import { repoConfig } from "./repo-config.js";
import { repoLists } from "./repo-lists.js";
import { repoNoKeps } from "./repo-no-keps.js";
import { repoSpelling } from "./repo-spelling.js";
import { receiptDuplicate, receiptReleaseOwners } from "./receipt-release.js";
import { receiptFileName, receiptSchemaRule, receiptTrackingStatus, receiptYaml } from "./receipt-file.js";
import { receiptKepMismatch, receiptKepMissing, receiptKepReady, receiptTitle } from "./receipt-kep.js";
import { receiptEnhancementsFreeze, receiptMove, receiptPrrFreeze } from "./receipt-move.js";
import type { Rule } from "./rule.js";

/** Every rule kepbot runs on a repository, upstream's first. */
export const allRules: readonly Rule[] = [
  repoNoKeps,
  kepMetadataMissing,
  kepYaml,
  kepSchemaRule,
  prrMilestoneRequired,
  prrStageRequired,
  prrFileMissing,
  prrYaml,
  prrSchemaRule,
  prrStageBlock,
  prrApproverUnknown,
  readmeToc,
  kepNodeApprovers,
  repoSpelling,
  repoLists,
  repoConfig,
  kepSeparator,
  kepStatusValid,
  kepStageValid,
  kepImplementedStable,
  kepOwningSigKnown,
  kepParticipatingSigsKnown,
  kepMilestoneFormat,
  kepMilestoneOrder,
  kepLatestMilestoneStage,
  kepDates,
  kepDirectoryNumber,
  kepDirectorySig,
  kepNumberUnique,
  kepAlphaPrrFields,
  kepBetaMetrics,
  readmeTitle,
  readmeTocVsTemplate,
  readmePrrQuestionnaire,
  prrNumberMismatch,
  prrOrphan,
  prrApproval,
  receiptYaml,
  receiptSchemaRule,
  receiptFileName,
  receiptTrackingStatus,
  receiptDuplicate,
  receiptReleaseOwners,
  receiptKepMissing,
  receiptKepMismatch,
  receiptTitle,
  receiptKepReady,
  receiptMove,
  receiptEnhancementsFreeze,
  receiptPrrFreeze,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.id, rule]));
