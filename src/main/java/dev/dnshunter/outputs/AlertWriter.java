package dev.dnshunter.outputs;

import dev.dnshunter.alert.AlertRecord;
import java.io.Serializable;

/** Turns one alert into the document a sink writes (a file line, a Kafka record's value). */
public interface AlertWriter extends Serializable {
    String write(AlertRecord alert);
}
