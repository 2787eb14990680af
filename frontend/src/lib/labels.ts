import { t as tKey, type Lang, type MsgKey } from './i18n';

const KNOWN: Record<string, MsgKey> = {
  Component: 'label_Component',
  Agency: 'label_Agency',
  ReferenceComponent: 'label_ReferenceComponent',
  Layer: 'label_Layer',
  ComponentGroup: 'label_ComponentGroup',
  Framework: 'label_Framework',
  Capability: 'label_Capability',
  Rule: 'label_Rule',
};

/** labelName is a node label (Component, Agency, …) in the page's language; an unknown label as is. */
export function labelName(lang: Lang, label: string): string {
  const k = KNOWN[label];
  return k ? tKey(lang, k) : label;
}
