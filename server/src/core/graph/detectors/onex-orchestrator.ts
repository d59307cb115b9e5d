/** ONEX Orchestrator node: a `Node…Orchestrator` class or one deriving from `NodeOrchestrator`, with its entry point (see onex-node.ts). */
import { onexNodeDetector } from './onex-node';

export const onexOrchestrator = onexNodeDetector('Orchestrator');
