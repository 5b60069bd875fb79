import { memoryStore } from '#adapters/store/memory';
import { storeContract } from './store.contract.ts';

const store = memoryStore();
storeContract('the in-memory store', () => store);
