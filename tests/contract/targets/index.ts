import type { ContractTarget } from '../target';
import { liveTarget } from './live';
import { sdkRestTarget } from './sdk-rest';
import { veloTarget } from './velo';

/** Every place the adapters are checked against. A new target is one line here. */
export const TARGETS: readonly ContractTarget[] = [veloTarget, sdkRestTarget, liveTarget];
