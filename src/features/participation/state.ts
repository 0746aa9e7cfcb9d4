export { overviewState, type OverviewState } from '../../cards/list-states.js';
