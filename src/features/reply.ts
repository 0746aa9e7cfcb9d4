// the reply helpers live beside the cards, so that identity/ and app.ts need nothing from features/
export { send, invokeMessage } from '../cards/reply.js';
