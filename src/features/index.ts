import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../deps.js';
import { registerGate } from './onboarding/gate.js';
import * as onboarding from './onboarding/index.js';
import * as help from './help/index.js';
import * as profile from './profile/index.js';
import * as privacy from './privacy/index.js';
import * as participation from './participation/index.js';
import * as reminders from './reminders/index.js';
import * as needs from './needs/index.js';
import * as calls from './calls/index.js';
import * as receipts from './receipts/index.js';
import * as admin from './admin/index.js';
import * as share from './share/index.js';
import * as fallback from './fallback/index.js';

/** Every capability, in routing order (first match wins; the catch-all is last). */
const FEATURES = [onboarding, help, needs, calls, receipts, participation, reminders, profile, privacy, admin, share, fallback];

export function registerFeatures(app: Application<TurnState>, deps: Deps): void {
  // First of all: an unknown person's message (but the open commands) gets the municipality question.
  registerGate(app, deps);
  for (const feature of FEATURES) feature.register(app, deps);
}
