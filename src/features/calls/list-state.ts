export { callListState, type CallListState } from '../../cards/list-states.js';
