/**
 * Motif: Open Pattern Dashboard. The dashboard (issue 7) lives in `client/src/dashboard/`; until it
 * lands in this build the command says so rather than pretending.
 */
import * as vscode from 'vscode';
import type { MotifContext } from './motif-context';

/** Open the dashboard, optionally on one pattern. */
export async function openDashboard(_ctx: MotifContext, _patternId?: string): Promise<void> {
  void vscode.window.showInformationMessage(
    'Motif: the pattern dashboard is not available in this build yet.',
  );
}
