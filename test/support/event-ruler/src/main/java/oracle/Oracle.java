package oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * Decides with AWS's own EventBridge matcher (event-ruler) which patterns match which events.
 *
 * <p>stdin: {"patterns": {"name": pattern, ...}, "events": {"name": event, ...}}
 * <br>stdout: {"matches": {"event name": ["pattern name", ...]}, "patternErrors": {"pattern name": "message"}}
 *
 * <p>Events are matched with {@code rulesForJSONEvent}, the array-consistent matching EventBridge applies.
 */
public final class Oracle {
  private Oracle() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode input = json.readTree(System.in);
    Machine machine = new Machine();
    ObjectNode output = json.createObjectNode();
    ObjectNode patternErrors = output.putObject("patternErrors");
    Iterator<Map.Entry<String, JsonNode>> patterns = input.path("patterns").fields();
    while (patterns.hasNext()) {
      Map.Entry<String, JsonNode> pattern = patterns.next();
      try {
        machine.addRule(pattern.getKey(), json.writeValueAsString(pattern.getValue()));
      } catch (Exception e) {
        patternErrors.put(pattern.getKey(), String.valueOf(e.getMessage()));
      }
    }
    ObjectNode matches = output.putObject("matches");
    ObjectNode eventErrors = output.putObject("eventErrors");
    Iterator<Map.Entry<String, JsonNode>> events = input.path("events").fields();
    while (events.hasNext()) {
      Map.Entry<String, JsonNode> event = events.next();
      try {
        List<String> names = new ArrayList<>(machine.rulesForJSONEvent(json.writeValueAsString(event.getValue())));
        Collections.sort(names);
        ArrayNode list = matches.putArray(event.getKey());
        names.forEach(list::add);
      } catch (Exception e) {
        eventErrors.put(event.getKey(), String.valueOf(e.getMessage()));
      }
    }
    json.writeValue(System.out, output);
  }
}
