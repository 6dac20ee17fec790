export { dashboardRoute, type DashboardOptions } from './route';
export { buildDashboard, readBuiltDashboard, dashboardViteConfig, DASHBOARD_ROOT, type BuiltFile } from './build';
