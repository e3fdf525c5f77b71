package dev.dnshunter.event;

/**
 * A line parser whose lines depend on lines before them in the same file (a header that names the columns, as in
 * Zeek's TSV logs). Each file gets its own copy, so one file's header never applies to another's rows; records that
 * arrive one by one (Kafka) get a copy that accepts only self-describing lines.
 */
public interface FileScopedParser<T> extends LineParser<T> {
    /** A parser with no header read yet, for the start of a file. */
    FileScopedParser<T> forNewFile();

    /** A parser for records without a file around them: self-describing lines only. */
    LineParser<T> forRecords();
}
