/** ONEX Reducer node: a `Node…Reducer` class or one deriving from `NodeReducer`, with its entry point (see onex-node.ts). */
import { onexNodeDetector } from './onex-node';

export const onexReducer = onexNodeDetector('Reducer');
