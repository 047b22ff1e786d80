export { runCli } from './command.js';
export { startEmulator } from './emulator.js';
export type {
  Emulator,
  EmulatorOptions,
  FaultName,
  FaultRates,
  Faults,
  RateLimit,
  Received,
  ReceivedEvent,
  RequestRecord,
  TagCall,
} from './types.js';
