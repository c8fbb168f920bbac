import type { ClusterConnectionSettings } from "../connection-settings";
import { ProtocolClient } from "../wire/protocol-client";
import { browseMessages, type BrowseQuery, type MessagePage } from "./browse";
import { produceMessages, type ProducedBatch, type ProduceRecord } from "./produce";
import type { CompressionName } from "./record-view";
import { searchMessages, searchPredicate, type SearchEvent, type SearchQuery } from "./search";
import { tailMessages, type TailEvent, type TailQuery } from "./tail";

/**
 * A cluster's messages, as ClusterClient.messages exposes them. Pages and produce use the
 * cluster's pooled connections (a few short requests); a search or a tail opens connections of
 * its own for its lifetime, so a long scan never queues behind, or in front of, the console's
 * other reads. Nothing here joins a consumer group or commits an offset.
 */
export class MessagesApi {
  constructor(
    private readonly wire: ProtocolClient,
    private readonly settings: ClusterConnectionSettings,
  ) {}

  browse(topic: string, query: BrowseQuery): Promise<MessagePage> {
    return browseMessages(this.wire, topic, query);
  }

  produce(topic: string, records: ProduceRecord[], compression?: CompressionName): Promise<ProducedBatch[]> {
    return produceMessages(this.wire, topic, records, compression);
  }

  /** Validates the filter now (throws FilterSyntaxError), then scans as the generator is pulled. */
  search(topic: string, query: SearchQuery, signal?: AbortSignal): AsyncGenerator<SearchEvent> {
    searchPredicate(query);
    return this.withOwnClient((client) => searchMessages(client, topic, query, signal));
  }

  tail(
    topic: string,
    query: TailQuery & Pick<SearchQuery, "filter" | "text">,
    signal?: AbortSignal,
  ): AsyncGenerator<TailEvent> {
    const predicate = searchPredicate(query);
    return this.withOwnClient((client) => tailMessages(client, topic, query, predicate, signal));
  }

  private async *withOwnClient<E>(run: (client: ProtocolClient) => AsyncGenerator<E>): AsyncGenerator<E> {
    const client = new ProtocolClient(this.settings);
    try {
      yield* run(client);
    } finally {
      await client.close();
    }
  }
}
