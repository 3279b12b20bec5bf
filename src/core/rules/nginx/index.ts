import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';
import * as nginxSyntax from './nginxSyntax';
import * as nginxUnknownDirective from './nginxUnknownDirective';
import * as nginxDirectiveContext from './nginxDirectiveContext';
import * as nginxInvalidValue from './nginxInvalidValue';
import * as nginxUnknownVariable from './nginxUnknownVariable';
import * as nginxProxyConnectTimeout from './nginxProxyConnectTimeout';
import * as nginxUpstreamPlaintextPublic from './nginxUpstreamPlaintextPublic';
import * as nginxUnknownUpstream from './nginxUnknownUpstream';
import * as nginxDrUpstreamNoBackup from './nginxDrUpstreamNoBackup';
import * as nginxUpstreamPortMismatch from './nginxUpstreamPortMismatch';
import * as nginxDuplicateListen from './nginxDuplicateListen';
import * as nginxUnknownZone from './nginxUnknownZone';
import * as nginxBufferSizes from './nginxBufferSizes';
import * as nginxHeaderInheritance from './nginxHeaderInheritance';
import * as nginxAliasTraversal from './nginxAliasTraversal';

/** The nginx rules, each with the check it runs on every configuration file. */
export const nginxRules = [
  nginxSyntax,
  nginxUnknownDirective,
  nginxDirectiveContext,
  nginxInvalidValue,
  nginxUnknownVariable,
  nginxDuplicateListen,
  nginxUnknownZone,
  nginxBufferSizes,
  nginxHeaderInheritance,
  nginxAliasTraversal,
  nginxProxyConnectTimeout,
  nginxUpstreamPlaintextPublic,
  nginxUnknownUpstream,
  nginxDrUpstreamNoBackup,
  nginxUpstreamPortMismatch,
];

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = nginxRules.map((r) => r.meta);

/** Runs every nginx rule over one configuration file (but those the run skips). */
export function checkNginx(c: NginxCheck): Finding[] {
  const skipped = c.ctx.skipped;
  const out: Finding[] = [];
  for (const r of nginxRules) if (!skipped?.has(r.meta.id)) out.push(...r.check(c));
  return out;
}
