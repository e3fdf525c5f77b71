package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.net.PublicSuffixList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The domain rule of the configured mode, with the configured Public Suffix List or the bundled one. */
public final class DomainRulesLoader {
    private DomainRulesLoader() {}

    public static DomainRules load(DetectionConfig config) {
        try {
            PublicSuffixList list = config.publicSuffixListPath() == null
                    ? PublicSuffixList.bundled()
                    : PublicSuffixList.load(Path.of(config.publicSuffixListPath()));
            return new DomainRules(list, config.mode());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Public Suffix List " + config.publicSuffixListPath() + ": " + e.getMessage(), e);
        }
    }
}
