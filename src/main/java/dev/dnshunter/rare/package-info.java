/**
 * The records the RareDnsLookupWithDataTransfer rule keeps in keyed state ({@link dev.dnshunter.rare.DnsLookup},
 * {@link dev.dnshunter.rare.RareLookup}, {@link dev.dnshunter.rare.LookupFlood},
 * {@link dev.dnshunter.rare.FlowOverflow}). The rule itself lives in {@code dev.dnshunter.rules.rarelookup}; these
 * classes stay here because a POJO's class name is part of its serializer snapshot, so moving them would stop
 * savepoints of earlier jobs from restoring.
 */
package dev.dnshunter.rare;
