// Linting a resource plan against the DMO's rules of thumb: each finding names role, period and
// initiative (or person), errors first.
import { DEFAULT_CAPACITY_RULES, effectiveCapacity, plannableCapacity } from '../core/capacity/rules';
import { Allocation, RoleCapacity, lintPlan } from '../core/capacity/plan-lint';

const capacity: RoleCapacity[] = [
  { role: 'Developer', period: '2027-Q1', headcount: 10 },
  { role: 'Architect', period: '2027-Q1', headcount: 2 },
];
const team = (initiative: string, people: number, fte = 1, role = 'Developer'): Allocation[] =>
  Array.from({ length: people }, (_, i) => ({ initiative, role, person: `${initiative}-${i + 1}`, period: '2027-Q1', fte }));

describe('capacity rules', () => {
  it('counts 85% of headcount as effective and 75% of that as plannable', () => {
    expect(effectiveCapacity(10)).toBeCloseTo(8.5, 12);
    expect(plannableCapacity(10)).toBeCloseTo(6.375, 12);
  });
  it('takes a DMO\'s own availability', () => {
    expect(effectiveCapacity(10, { ...DEFAULT_CAPACITY_RULES, availability: 0.8 })).toBeCloseTo(8, 12);
  });
});

describe('lintPlan', () => {
  it('finds nothing in a plan within every rule', () => {
    expect(lintPlan(team('CRM', 5, 0.5), capacity)).toEqual([]);
  });

  it('flags an allocation at or below 20%, naming person, role, initiative and period', () => {
    const plan = [...team('CRM', 5, 0.5), { initiative: 'ERP', role: 'Architect', person: 'Ann', period: '2027-Q1', fte: 0.2 }];
    expect(lintPlan(plan, capacity).filter((f) => f.kind === 'below-minimum')).toEqual([
      {
        severity: 'warning',
        kind: 'below-minimum',
        role: 'Architect',
        period: '2027-Q1',
        initiative: 'ERP',
        person: 'Ann',
        message: 'Ann (Architect) on ERP in 2027-Q1: 20% is at or below the 20% that produces anything meaningful',
      },
    ]);
  });

  it('is an error when a person is planned above 100% in a period', () => {
    const plan: Allocation[] = [
      { initiative: 'CRM', role: 'Architect', person: 'Ann', period: '2027-Q1', fte: 0.6 },
      { initiative: 'ERP', role: 'Architect', person: 'Ann', period: '2027-Q1', fte: 0.6 },
    ];
    const f = lintPlan(plan, capacity).find((x) => x.kind === 'person-over-100');
    expect(f).toMatchObject({ severity: 'error', person: 'Ann', role: 'Architect', period: '2027-Q1' });
    expect(f?.message).toBe('Ann (Architect) in 2027-Q1 is planned at 120%, above 100%');
  });

  it('warns above the plannable share and errs above the effective capacity', () => {
    const warn = lintPlan(team('CRM', 7, 1), capacity); // 7 FTE: above 6.375, below 8.5
    expect(warn.map((f) => [f.severity, f.kind])).toEqual([['warning', 'role-over-plannable']]);
    expect(warn[0].message).toBe('Developer in 2027-Q1: 7 FTE planned is above the 75% that may be planned (6.38 FTE); keep a reserve for surprises');
    const err = lintPlan([...team('CRM', 6, 1), ...team('ERP', 3, 1)], capacity); // 9 FTE > 8.5
    expect(err[0]).toMatchObject({ severity: 'error', kind: 'role-over-capacity', role: 'Developer', period: '2027-Q1' });
    expect(err[0].message).toBe('Developer in 2027-Q1: 9 FTE planned is above the effective capacity of 8.5 FTE (10 at 85% availability)');
  });

  it('is an error to plan a role that has no capacity in the period', () => {
    const f = lintPlan([{ initiative: 'CRM', role: 'Tester', period: '2027-Q2', fte: 1 }], capacity);
    expect(f).toEqual([{ severity: 'error', kind: 'role-without-capacity', role: 'Tester', period: '2027-Q2', initiative: '', message: 'Tester in 2027-Q2 has 1 FTE planned but no capacity' }]);
  });

  it('warns about teams outside 5-7 people', () => {
    const findings = lintPlan([...team('CRM', 3, 1), ...team('ERP', 5, 0.5)], capacity);
    expect(findings.filter((f) => f.kind === 'team-size').map((f) => f.message)).toEqual(['CRM in 2027-Q1 has a team of 3; high-performing teams have 5-7 people']);
  });

  it('lists errors before warnings', () => {
    const plan: Allocation[] = [
      ...team('CRM', 3, 1),
      { initiative: 'ERP', role: 'Architect', person: 'Ann', period: '2027-Q1', fte: 0.7 },
      { initiative: 'BI', role: 'Architect', person: 'Ann', period: '2027-Q1', fte: 0.7 },
    ];
    const severities = lintPlan(plan, capacity).map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
  });
});
