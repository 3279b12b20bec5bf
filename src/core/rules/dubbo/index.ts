import type { AnalyzerContext } from '../../analyzer';
import type { DubboFile } from '../../dubbo/fileContext';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import * as xmlSyntax from './xmlSyntax';
import * as dubboRegistersInternalIp from './dubboRegistersInternalIp';
import * as dubboRpcPlaintextPublic from './dubboRpcPlaintextPublic';
import * as dubboProtocolRandomPort from './dubboProtocolRandomPort';
import * as dubboRegistryUnreachable from './dubboRegistryUnreachable';
import * as dubboRegistryPlaintextPublic from './dubboRegistryPlaintextPublic';
import * as dubboRegistrySingleRegion from './dubboRegistrySingleRegion';
import * as dubboRegistryQuorum from './dubboRegistryQuorum';
import * as dubboPlaceholderUnresolved from './dubboPlaceholderUnresolved';
import * as dubboImportMissing from './dubboImportMissing';
import * as dubboUnknownElement from './dubboUnknownElement';
import * as dubboUnknownAttribute from './dubboUnknownAttribute';
import * as dubboInvalidValue from './dubboInvalidValue';
import * as dubboUnknownExtension from './dubboUnknownExtension';
import * as dubboConsumerCheckFalse from './dubboConsumerCheckFalse';
import * as dubboRetriesNonidempotent from './dubboRetriesNonidempotent';
import * as propertiesDuplicateKey from './propertiesDuplicateKey';
import * as springConfigImportMissing from './springConfigImportMissing';

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = [
  xmlSyntax.meta,
  dubboRegistersInternalIp.meta,
  dubboRpcPlaintextPublic.meta,
  dubboProtocolRandomPort.meta,
  dubboRegistryUnreachable.meta,
  dubboRegistryPlaintextPublic.meta,
  dubboRegistrySingleRegion.meta,
  dubboRegistryQuorum.meta,
  dubboPlaceholderUnresolved.meta,
  dubboImportMissing.meta,
  dubboUnknownElement.meta,
  dubboUnknownAttribute.meta,
  dubboInvalidValue.meta,
  dubboUnknownExtension.meta,
  dubboConsumerCheckFalse.meta,
  dubboRetriesNonidempotent.meta,
  propertiesDuplicateKey.meta,
  springConfigImportMissing.meta,
];

/**
 * The rules whose checks run on each Dubbo XML config and on the `dubbo.*` keys of a Spring Boot
 * service (xml-syntax and properties-duplicate-key run on their own).
 */
export const dubboRules = [
  dubboRegistersInternalIp,
  dubboRpcPlaintextPublic,
  dubboProtocolRandomPort,
  dubboRegistryUnreachable,
  dubboRegistryPlaintextPublic,
  dubboRegistryQuorum,
  dubboPlaceholderUnresolved,
  dubboImportMissing,
  dubboUnknownElement,
  dubboUnknownAttribute,
  dubboInvalidValue,
  dubboUnknownExtension,
  dubboConsumerCheckFalse,
  dubboRetriesNonidempotent,
];

/** The rules judging the registries of the workspace as a whole (see `Analyzer.analyzeWorkspace`). */
export const workspaceRules = [dubboRegistrySingleRegion];

/** Runs the checks of the workspace's registries (but those the run skips). */
export function checkDubboWorkspace(ctx: AnalyzerContext): Finding[] {
  const out: Finding[] = [];
  for (const r of workspaceRules) if (!ctx.skipped?.has(r.meta.id)) out.push(...r.check(ctx));
  return out;
}

/** Runs every Dubbo check over one config (but those the run skips). */
export function checkDubbo(f: DubboFile): Finding[] {
  const skipped = f.ctx.skipped;
  const out: Finding[] = [];
  for (const r of dubboRules) if (!skipped?.has(r.meta.id)) out.push(...r.check(f));
  return out;
}
