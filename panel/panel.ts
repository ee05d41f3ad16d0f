// The panel shared by the Excel task pane and the Sheets sidebar. It only talks to a
// HostBridge; everything it shows is set as text, never as HTML.
import type { BusinessCaseForm, FormField, InsertResponse } from '../core';
import type { HostBridge } from './bridge';
import { el, errorMessage as message, oneAtATime } from './dom';
import { mountPlanCapacity } from './plan-capacity-panel';
import { mountRepairFormulas } from './repair-panel';
import { mountRoadmap } from './roadmap-panel';
import { mountScoreDemand } from './score-demand-panel';
import { mountInsertTemplate } from './template-panel';

const FIELDS: readonly (keyof BusinessCaseForm)[] = ['rate', 'costs', 'benefits', 'financeRate', 'reinvestRate'];

export function mountPanel(doc: Document, bridge: HostBridge): void {
  mountInsertTemplate(doc, bridge);
  mountScoreDemand(doc, bridge);
  mountPlanCapacity(doc, bridge);
  mountRoadmap(doc, bridge);
  mountRepairFormulas(doc, bridge);
  mountBusinessCase(doc, bridge);
}

function mountBusinessCase(doc: Document, bridge: HostBridge): void {
  const form = el<HTMLFormElement>(doc, 'bc-form');
  const status = el<HTMLElement>(doc, 'bc-status');
  const confirmBox = el<HTMLElement>(doc, 'bc-confirm');
  const insertButton = el<HTMLButtonElement>(doc, 'bc-insert');
  const input = (field: keyof BusinessCaseForm) => el<HTMLInputElement>(doc, `bc-${field}`);

  const clearErrors = () => {
    for (const f of [...FIELDS, 'target' as const]) {
      el<HTMLElement>(doc, `bc-${f}-error`).textContent = '';
      if (f !== 'target') input(f).removeAttribute('aria-invalid');
    }
  };
  const showError = (field: FormField, text: string) => {
    el<HTMLElement>(doc, `bc-${field}-error`).textContent = text;
    if (field === 'target') return;
    const box = input(field);
    box.setAttribute('aria-invalid', 'true');
    box.closest('details')?.setAttribute('open', '');
    box.focus();
  };
  const readForm = (): BusinessCaseForm => ({
    rate: input('rate').value,
    costs: input('costs').value,
    benefits: input('benefits').value,
    financeRate: input('financeRate').value,
    reinvestRate: input('reinvestRate').value,
  });

  const show = (response: InsertResponse) => {
    confirmBox.hidden = true;
    if (response.status === 'inserted') {
      status.textContent = `Inserted ${response.formula} at ${response.address}.`;
    } else if (response.status === 'confirm') {
      el<HTMLElement>(doc, 'bc-confirm-text').textContent = response.message;
      confirmBox.hidden = false;
      el<HTMLButtonElement>(doc, 'bc-confirm-no').focus();
    } else {
      showError(response.field, response.message);
    }
  };

  const yesButton = el<HTMLButtonElement>(doc, 'bc-confirm-yes');
  const flight = oneAtATime({ buttons: [insertButton, yesButton], status, error: el<HTMLElement>(doc, 'bc-target-error'), clear: clearErrors });
  const insert = (overwrite: boolean) => flight.run('Inserting…', () => bridge.insertBusinessCase({ form: readForm(), overwrite }), show);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void insert(false);
  });
  yesButton.addEventListener('click', () => void insert(true));
  el<HTMLButtonElement>(doc, 'bc-confirm-no').addEventListener('click', () => {
    confirmBox.hidden = true;
    status.textContent = 'Nothing was inserted.';
  });
  for (const button of Array.from(doc.querySelectorAll<HTMLButtonElement>('[data-use-selection]'))) {
    button.addEventListener('click', async () => {
      const target = el<HTMLInputElement>(doc, button.dataset.useSelection ?? '');
      try {
        target.value = await bridge.selection();
        target.removeAttribute('aria-invalid');
        el<HTMLElement>(doc, `${target.id}-error`).textContent = '';
      } catch (e) {
        showError(target.name as FormField, message(e));
      }
    });
  }
}
