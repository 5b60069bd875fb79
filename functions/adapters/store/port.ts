import { dynamoStore } from '#adapters/store/dynamodb/dynamodb';

/** Every store operation, each with its condition inside: DynamoDB's, or an in-memory twin's with the same behaviour. */
export type Store = typeof dynamoStore;

let current: Store = dynamoStore;

/** The store the operations use from now on; none: DynamoDB again. */
export const useStore = (store: Store = dynamoStore): void => {
  current = store;
};

/** An operation that runs on whichever store is in use when it is called. */
export const operation = <K extends keyof Store>(name: K): Store[K] =>
  ((...args: unknown[]) => (current[name] as (...args: unknown[]) => unknown)(...args)) as Store[K];
