/**
 * The runtime half of the host<->agent protocol (`agentProtocol.ts` has the types): every
 * method's param names. The contract test (`test/unit/agentContract.test.ts`) compares them with
 * the agent's own method table, param by param.
 */
import type { AgentMethod, AgentParams } from './agentProtocol';

/**
 * Every method's param names. Listing a name that is not a param fails typecheck (`satisfies`);
 * so does leaving one out (`AgentMethodParamsListed` below) or a method.
 */
export const AGENT_METHOD_PARAMS = {
  hello: [],
  snapshot: ['collect', 'setBaseline', 'compareToBaseline'],
  instances: ['typeKey', 'offset', 'limit', 'labels'],
  typeSource: ['typeKey'],
  retainers: ['labels', 'limits', 'offset', 'target'],
  references: ['labels', 'limits', 'offset', 'target'],
  expand: ['direction', 'labels', 'limits', 'offset', 'target'],
  chain: ['labels', 'maxDepth', 'root', 'mergeInstanceDicts', 'target'],
  find: ['labels', 'limit', 'typeName', 'address'],
  objectSource: ['target'],
  allocationTracking: ['enable', 'frames'],
  cycles: ['labels', 'scope', 'keepAlive', 'maxGroups'],
  releaseKept: [],
  garbage: ['labels', 'maxGroups'],
  leaking: ['labels', 'maxGroups'],
  heapGraph: ['maxObjects'],
  leakStart: [],
  leakSample: [],
  leakSuspects: ['labels', 'maxSuspects', 'chains'],
  leakStop: [],
} as const satisfies {
  readonly [M in AgentMethod]: string extends keyof AgentParams[M]
    ? readonly []
    : readonly (keyof AgentParams[M])[];
};

/** The params of method M that AGENT_METHOD_PARAMS leaves out (none for a params-less method). */
type UnlistedParams<M extends AgentMethod> = string extends keyof AgentParams[M]
  ? never
  : Exclude<keyof AgentParams[M], (typeof AGENT_METHOD_PARAMS)[M][number]>;

/** Accepts only `never`: an error here names the params missing from AGENT_METHOD_PARAMS. */
type NoneMissing<T extends never> = T;

/** Typecheck fails when a param of AgentParams is missing from AGENT_METHOD_PARAMS. */
export type AgentMethodParamsListed = NoneMissing<{ [M in AgentMethod]: UnlistedParams<M> }[AgentMethod]>;
