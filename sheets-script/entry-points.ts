// The Apps Script functions Sheets may call by name: triggers, the menu and the sidebar's
// google.script.run calls. The build emits a top-level function for each; nothing else is public.
export const SERVER_ENTRY_POINTS = [
  'onOpen',
  'onInstall',
  'showSidebar',
  'panelSelection',
  'panelInsertBusinessCase',
  'panelScoreDemand',
  'panelWriteSettingsSheet',
  'panelPlanCapacity',
  'panelPlanCapacityProgress',
  'panelCancelPlanCapacity',
  'panelGenerateRoadmap',
  'panelRepairFormulas',
  'panelInsertTemplate',
] as const;

export type ServerEntryPoint = (typeof SERVER_ENTRY_POINTS)[number];

/** The library variable the bundle defines in Apps Script's global scope. */
export const LIBRARY_NAME = 'BTMAddin';
