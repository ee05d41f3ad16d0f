// Governance custom functions: AHP weights, the seven-point CHECK, decision PROPOSAL.
import { ahpColumn, MAX_CRITERIA } from '../governance/ahp';
import { ESCALATE_PREFIX, FLOW_APPROVAL, SEVEN_POINTS, sevenPointCheck } from '../governance/seven-point-check';
import { DEFAULT_THRESHOLDS, proposals } from '../governance/proposal';
import { defineFunction, ParamSpec } from './spec';
import type { AnyFunctionSpec } from './spec';

const pairwiseMatrix = {
  name: 'pairwise_matrix',
  description: 'Square table of pairwise comparisons: row i, column j says how much more important criterion i is than j (Saaty\'s 1-9 scale, 1/3 for the reverse).',
  shape: 'range',
  type: 'any',
} as const satisfies ParamSpec;

export const AHP = defineFunction({
  name: 'AHP',
  summary: 'Criteria weights from a pairwise comparison matrix (AHP principal eigenvector), followed by the consistency ratio.',
  details:
    `Spills one column of n + 1 numbers: the weights of the n criteria in matrix order (positive, summing to 1), then the consistency ratio CR = CI / RI, with CI = (lambda_max - n) / (n - 1) and Saaty's random index RI (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 for n = 3 to 10). The last cell is always CR (INDEX of the result at row n + 1 reads it); CR up to 0.10 is acceptable by Saaty's rule, above that the judgements should be revised. For 1 or 2 criteria CR is 0 by definition. ` +
    `The weights are the principal eigenvector, found by raising the matrix to powers until no weight moves by more than 1e-15. ` +
    `Every cell must be a positive number or a fraction typed as text ("1/3"); the diagonal must be 1 and each pair reciprocal (a_ij × a_ji = 1 within one part in a million: type =1/3, not 0.33). Otherwise #VALUE! names the first wrong cell (row by row) and, for a pair, what it should be; an error cell is passed on. #VALUE! also when the matrix is not square or compares more than ${MAX_CRITERIA} criteria. In Excel, typing 1/3 into a cell may turn it into a date: type =1/3.`,
  params: [pairwiseMatrix],
  result: 'table',
  resultDescription: 'A column: the n weights, then the consistency ratio.',
  impl: (m) => ahpColumn(m, 'pairwise_matrix'),
});

export const CHECK = defineFunction({
  name: 'CHECK',
  summary: 'The seven-point governance check per initiative: "Flow approval" when every point holds, else "Escalate: " and the missing points.',
  details:
    `One row of statuses per initiative, one column per point. A point holds on TRUE, 1 or the text yes, y, x, ok or true (any case, spaces ignored); it does not hold on FALSE, 0, no, n or false, nor on a blank cell: an unanswered point is not met (Excel desktop passes empty cells as 0, which reads the same). ` +
    `The result is a column with one cell per row: "${FLOW_APPROVAL}", or "${ESCALATE_PREFIX}" followed by the names of the points that do not hold, in column order, separated by ", " (for example "Escalate: Financing, Security"). ` +
    `Without labels the points are ${SEVEN_POINTS.join(', ')} and statuses must have seven columns; labels rename or replace them (one name per statuses column, as a row or a column). ` +
    `Any other answer (other text or numbers) makes that row's cell #VALUE!, naming the cell; an error cell gives that row its error; a row with no answers at all is #N/A in its own cell. #VALUE! for the whole result when labels do not match the columns.`,
  params: [
    { name: 'statuses', description: 'One row per initiative, one column per point: TRUE/FALSE, 1/0, yes/no, x or blank.', shape: 'range', type: 'any' },
    { name: 'labels', description: `Names of the points, one per column of statuses (default: ${SEVEN_POINTS.join(', ')}).`, shape: 'range', type: 'any', optional: true },
  ],
  result: 'table',
  resultDescription: `A column of "${FLOW_APPROVAL}" or "${ESCALATE_PREFIX}..." texts, one per initiative.`,
  impl: (s, l) => sevenPointCheck(s, l),
});

export const PROPOSAL = defineFunction({
  name: 'PROPOSAL',
  summary: 'The DMO\'s decision proposal per initiative from its score and seven-point check: Include, Pass forward, Reject or Remove.',
  details:
    `Rules, in order: a score below the reject threshold gives Reject, or Remove when the initiative is running (it no longer fits); a score at or above the include threshold with "${FLOW_APPROVAL}" gives Include (for a running one: keep it); everything else gives Pass forward, to portfolio steering: a high score whose check escalated or was not done yet, and every score between the two thresholds. ` +
    `Thresholds default to include at or above ${DEFAULT_THRESHOLDS.include} and reject below ${DEFAULT_THRESHOLDS.reject} (the 0-100 score scale); a blank threshold cell keeps its default; include must not be below reject. ` +
    `check_results holds CHECK's output: "${FLOW_APPROVAL}" (any case), anything starting with "Escalate", or a blank for not checked. scores, check_results and running are single columns (or rows) with one cell per initiative (#VALUE! when their lengths differ); the result is a column. ` +
    `In a row, an error cell (or an error code as text, as Google Sheets shows CHECK's errors) gives that row its error; a blank score is #N/A (not scored yet; Excel desktop passes empty cells as 0, which scores 0); text that is no score, or check text that is no CHECK result, is #VALUE! naming the cell. running: TRUE/FALSE, yes/no, 1/0, x; blank is not running.`,
  params: [
    { name: 'scores', description: 'Score per initiative, on the scale of the thresholds (0-100 by default).', shape: 'range', type: 'any' },
    { name: 'check_results', description: 'The CHECK result per initiative ("Flow approval", "Escalate: ..." or blank).', shape: 'range', type: 'any' },
    {
      name: 'thresholds',
      description: `Two numbers: include at or above, reject below (default ${DEFAULT_THRESHOLDS.include} and ${DEFAULT_THRESHOLDS.reject}).`,
      shape: 'range',
      type: 'any',
      optional: true,
    },
    { name: 'running', description: 'TRUE for an initiative already under way, one per initiative (default: none running).', shape: 'range', type: 'any', optional: true },
  ],
  result: 'table',
  resultDescription: 'A column of Include, Pass forward, Reject or Remove, one per initiative.',
  impl: (s, c, t, r) => proposals({ scores: s, checks: c, thresholds: t, running: r }),
});

export const GOVERNANCE_FUNCTIONS: AnyFunctionSpec[] = [AHP, CHECK, PROPOSAL];
