/** ONEX Effect node: a `Node…Effect` class or one deriving from `NodeEffect`, with its entry point (see onex-node.ts). */
import { onexNodeDetector } from './onex-node';

export const onexEffect = onexNodeDetector('Effect');
