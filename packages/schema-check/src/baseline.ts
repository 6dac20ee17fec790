import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

export interface Baseline {
  readonly supergraphSdl: string;
  /** Where it came from, for the report. */
  readonly description: string;
}

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The supergraph to compare against: the file given with --base; else the committed supergraph as of
 * `git merge-base HEAD origin/main` (or the local main; what the branch started from); when that is HEAD itself (on main, in CI)
 * or unknown, HEAD~1's (the previous commit), never the file just regenerated in the working tree. Falls back
 * to HEAD's file, then the working tree's, saying so, when history has neither (a shallow clone).
 */
export function resolveBaseline(supergraphPath: string, options: { base?: string; mainRef?: string } = {}): Baseline {
  if (options.base) return { supergraphSdl: readFileSync(options.base, 'utf8'), description: options.base };
  const cwd = dirname(supergraphPath);
  const root = git(['rev-parse', '--show-toplevel'], cwd);
  if (root) {
    const path = relative(root, supergraphPath).split('\\').join('/');
    const head = git(['rev-parse', 'HEAD'], root);
    // origin/main in a clone; a worktree or a repository without a remote has only the local main.
    const mainRef = [options.mainRef ?? 'origin/main', 'main'].find((ref) => git(['rev-parse', '--verify', '--quiet', ref], root));
    const mergeBase = mainRef ? git(['merge-base', 'HEAD', mainRef], root) : undefined;
    const candidates: { ref: string | undefined; why: string }[] = [
      { ref: mergeBase !== head ? mergeBase : undefined, why: `merge base with ${mainRef}` },
      { ref: git(['rev-parse', '--verify', '--quiet', 'HEAD~1'], root), why: 'the previous commit, HEAD~1' },
      { ref: head, why: 'HEAD: no earlier commit has it, so breaking changes are only those not yet committed' },
    ];
    for (const { ref, why } of candidates) {
      if (!ref) continue;
      const sdl = git(['show', `${ref}:${path}`], root);
      if (sdl !== undefined) return { supergraphSdl: `${sdl}\n`.replace(/\n+$/, '\n'), description: `${path} at ${ref.slice(0, 10)} (${why})` };
    }
  }
  return { supergraphSdl: readFileSync(supergraphPath, 'utf8'), description: `${supergraphPath} in the working tree (no git history found)` };
}
