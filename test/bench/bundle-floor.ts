import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The least a function that reads DynamoDB can carry: one GetCommand through the document
 * client, bundled as the handlers are. `npm run bench:bundles` prints it as the floor, what
 * the AWS SDK alone takes.
 */
const table = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async ({ id }: { id: string }) => (await table.send(new GetCommand({ TableName: process.env.TABLE, Key: { pk: id } }))).Item;
