// Which actions the console offers a role on a case. The API enforces the same rules (and is
// the authority: a refusal is shown as it comes); the page only avoids offering what it knows
// the role may not do.

export const LEVELS = ['l1', 'l2', 'l3', 'executive'];
const OPEN = ['open', 'in_progress', 'waiting_on_customer'];
const REACHES_L3 = ['ops_manager', 'executive'];
/** The ladder, least senior first: an approval that needs a role may be given by it or above. */
const RANKS = ['csr', 'team_lead', 'ops_manager', 'executive'];
/** Who assigns a case to someone else or another queue (a CSR claims it for themselves). */
export const REASSIGNERS = ['team_lead', 'ops_manager', 'executive'];
/** Roles that see the dashboard (GET /v1/dashboard/cases); a CSR works the queue. */
export const DASHBOARD_ROLES = ['team_lead', 'ops_manager', 'executive', 'admin'];
/** Roles that work cases in the queue. */
export const QUEUE_ROLES = ['csr', 'team_lead', 'ops_manager', 'executive'];

/** Roles that see the integration page; of them, who may replay or discard a dead letter. */
export const INTEGRATION_ROLES = ['team_lead', 'ops_manager', 'admin'];
export const DEAD_LETTER_SETTLERS = ['ops_manager', 'admin'];
/** Who may read the EDI interchanges ingestion recorded (GET /v1/edi/interchanges). */
export const EDI_READERS = ['team_lead', 'ops_manager', 'admin'];

/** The console's views a role may open, first the one it lands on. */
export function viewsFor(role) {
  const views = [];
  if (DASHBOARD_ROLES.includes(role)) views.push('dashboard');
  if (QUEUE_ROLES.includes(role)) views.push('queue');
  if (DASHBOARD_ROLES.includes(role)) views.push('scorecards');
  if (INTEGRATION_ROLES.includes(role)) views.push('integrations');
  return views;
}

/** Roles that may read GET /kpis. */
export const KPI_ROLES = ['csr', 'team_lead', 'ops_manager', 'executive'];

const NOTHING = Object.freeze({
  claim: false,
  comment: false,
  remedy: false,
  escalateTo: [],
  waitOnCustomer: false,
  customerReplied: false,
  resolve: false,
  reopen: false,
  decideRemedy: false,
  reassign: false,
});

/**
 * @param {{ name: string | null, role: string }} me
 * @param {{ status: string, escalationLevel: string, assignee: { userId: string | null } }} c
 * @param {{ status: string, needs: string } | undefined} [approval] the case's remedyApproval
 */
export function abilitiesFor(me, c, approval) {
  // Admins read cases to audit them; the API refuses them every case action (403).
  if (!QUEUE_ROLES.includes(me.role)) return NOTHING;
  const open = OPEN.includes(c.status);
  const above = LEVELS.slice(LEVELS.indexOf(c.escalationLevel) + 1);
  return {
    claim: open && c.assignee.userId !== me.name,
    comment: true,
    remedy: open,
    escalateTo: open ? above.filter((l) => l !== 'executive' || REACHES_L3.includes(me.role)) : [],
    waitOnCustomer: open && c.status !== 'waiting_on_customer',
    customerReplied: c.status === 'waiting_on_customer',
    resolve: open && (c.escalationLevel !== 'executive' || me.role === 'executive'),
    reopen: !open && me.role !== 'csr',
    // Approving or declining a pending remedy: the role's credit limit must cover it (the API's
    // limits rise with the ladder, so the role it needs or any above it).
    decideRemedy:
      open &&
      approval?.status === 'pending' &&
      RANKS.indexOf(me.role) >= RANKS.indexOf(approval.needs),
    reassign: open && REASSIGNERS.includes(me.role),
  };
}
