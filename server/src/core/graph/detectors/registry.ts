/**
 * Every design-pattern detector, in the order detections are reported. Adding a pattern is adding
 * its file and one line here (and its snippets to test/fixtures/design-patterns/).
 */
import { adapter } from './adapter';
import { builder } from './builder';
import { contextManager } from './context-manager';
import { decorator } from './decorator';
import type { Detector } from './detector';
import { errorHandler } from './error-handler';
import { factory } from './factory';
import { observer } from './observer';
import { onexCompute } from './onex-compute';
import { onexEffect } from './onex-effect';
import { onexOrchestrator } from './onex-orchestrator';
import { onexReducer } from './onex-reducer';
import { repository } from './repository';
import { retry } from './retry';
import { singleton } from './singleton';
import { strategy } from './strategy';
import { templateMethod } from './template-method';
import { transactionManager } from './transaction-manager';
import { validator } from './validator';

/** The detectors Motif runs on every file. */
export const DETECTORS: readonly Detector[] = [
  singleton,
  factory,
  builder,
  repository,
  observer,
  strategy,
  templateMethod,
  adapter,
  decorator,
  contextManager,
  retry,
  validator,
  errorHandler,
  transactionManager,
  onexEffect,
  onexCompute,
  onexReducer,
  onexOrchestrator,
];
