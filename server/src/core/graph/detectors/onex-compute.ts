/** ONEX Compute node: a `Node…Compute` class or one deriving from `NodeCompute`, with its entry point (see onex-node.ts). */
import { onexNodeDetector } from './onex-node';

export const onexCompute = onexNodeDetector('Compute');
