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
import * as dubboUnknownElement from './dubboUnknownElement';
import * as dubboUnknownAttribute from './dubboUnknownAttribute';
import * as dubboInvalidValue from './dubboInvalidValue';
import * as dubboUnknownExtension from './dubboUnknownExtension';
import * as dubboConsumerCheckFalse from './dubboConsumerCheckFalse';
import * as dubboRetriesNonidempotent from './dubboRetriesNonidempotent';
import * as propertiesDuplicateKey from './propertiesDuplicateKey';

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
  dubboUnknownElement.meta,
  dubboUnknownAttribute.meta,
  dubboInvalidValue.meta,
  dubboUnknownExtension.meta,
  dubboConsumerCheckFalse.meta,
  dubboRetriesNonidempotent.meta,
  propertiesDuplicateKey.meta,
];

/** The checks run on each Dubbo XML config (xml-syntax and properties-duplicate-key run on their own). */
export const xmlChecks = [
  dubboRegistersInternalIp.check,
  dubboRpcPlaintextPublic.check,
  dubboProtocolRandomPort.check,
  dubboRegistryUnreachable.check,
  dubboRegistryPlaintextPublic.check,
  dubboRegistrySingleRegion.check,
  dubboRegistryQuorum.check,
  dubboPlaceholderUnresolved.check,
  dubboUnknownElement.check,
  dubboUnknownAttribute.check,
  dubboInvalidValue.check,
  dubboUnknownExtension.check,
  dubboConsumerCheckFalse.check,
  dubboRetriesNonidempotent.check,
];
