package dev.dnshunter.alert;

import java.util.Map;

/**
 * The MITRE ATT&CK (Enterprise) techniques our rules name, with their names and tactics as ATT&CK lists them, so
 * every format names them alike. A rule citing a technique that is not here still gets its id written.
 */
public final class AttackTechniques {
    /** A technique or sub-technique ({@code T1071.004}: parent {@code T1071}) and the tactic it serves. */
    public record Technique(String id, String name, String parentId, String parentName, String tacticId, String tacticName) {
        public boolean isSubTechnique() {
            return parentId != null;
        }
    }

    private static final Map<String, Technique> KNOWN = Map.of(
            "T1071", new Technique("T1071", "Application Layer Protocol", null, null, "TA0011", "Command and Control"),
            "T1071.004", new Technique("T1071.004", "DNS", "T1071", "Application Layer Protocol", "TA0011", "Command and Control"),
            "T1048", new Technique("T1048", "Exfiltration Over Alternative Protocol", null, null, "TA0010", "Exfiltration"),
            "T1568.002", new Technique("T1568.002", "Domain Generation Algorithms", "T1568", "Dynamic Resolution", "TA0011", "Command and Control"),
            "T1105", new Technique("T1105", "Ingress Tool Transfer", null, null, "TA0011", "Command and Control"),
            "T1059.001", new Technique("T1059.001", "PowerShell", "T1059", "Command and Scripting Interpreter", "TA0002", "Execution"));

    private AttackTechniques() {}

    public static Technique of(String id) {
        Technique t = KNOWN.get(id);
        if (t != null) return t;
        int dot = id.indexOf('.');
        return dot < 0 ? new Technique(id, null, null, null, null, null)
                : new Technique(id, null, id.substring(0, dot), null, null, null);
    }
}
