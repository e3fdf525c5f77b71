package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rules.CompactType;
import dev.dnshunter.event.Flow;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.RareLookup;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The types the rare rule declares for the records it sends through exchanges and sorts. In a BATCH job (a backfill:
 * no savepoint is taken, and none holds these types) they are {@link CompactType}s with a hand-written serializer,
 * which skips the reflective POJO serializer and its byte-at-a-time strings at every network and sort buffer. A
 * streaming job keeps the POJO types it always had, so its graph, and what its savepoints hold, stay as they were.
 * Keyed state names its own types and is not touched.
 */
public final class RareRecordTypes {
    static final TypeInformation<DnsLookup> BATCH_LOOKUPS = new CompactType<>(DnsLookup.class, DnsLookupSerializer.INSTANCE);
    static final TypeInformation<RareLookup> BATCH_RARE_LOOKUPS = new CompactType<>(RareLookup.class, RareLookupSerializer.INSTANCE);
    static final TypeInformation<Flow> BATCH_FLOWS = new CompactType<>(Flow.class, FlowSerializer.INSTANCE);

    private RareRecordTypes() {}

    public static TypeInformation<DnsLookup> lookups(boolean batch) {
        return batch ? BATCH_LOOKUPS : TypeInformation.of(DnsLookup.class);
    }

    public static TypeInformation<RareLookup> rareLookups(boolean batch) {
        return batch ? BATCH_RARE_LOOKUPS : TypeInformation.of(RareLookup.class);
    }

    public static TypeInformation<Flow> flows(boolean batch) {
        return batch ? BATCH_FLOWS : TypeInformation.of(Flow.class);
    }
}
