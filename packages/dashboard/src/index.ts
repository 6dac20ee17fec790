export { dashboardRoute, type DashboardOptions } from './route';
export { buildDashboard, dashboardViteConfig, DASHBOARD_ROOT, type BuiltFile } from './build';
