import { memoryStore } from '#adapters/store/memory';
import { storeContract } from './store.contract.ts';
import { sendingRecordsContract } from './sending-records.contract.ts';
import { MemorySendingRecords } from '#adapters/store/twin';

const store = memoryStore();
storeContract('the in-memory store', () => store);
const records = new MemorySendingRecords();
sendingRecordsContract('the in-memory store', () => records);
