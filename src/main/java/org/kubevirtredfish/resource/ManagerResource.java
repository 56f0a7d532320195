package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kubevirtredfish.api.ManagerApi;

/** Every system has its own Manager (its virtual BMC), with the system's id and its virtual media. */
@RequestScoped
public class ManagerResource implements ManagerApi {

    /** Reported as the BMC firmware version. */
    static final String VERSION = "0.1.0";

    /** DMTF DateTime ({@code date-time}) and DateTimeLocalOffset ({@code +HH:MM}, never {@code Z}). */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    @Inject
    CallerScope scope;

    /** The service's clock: the manager's time is the time of the service that is the BMC. */
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Response getManager(String id) {
        CallerScope.VisibleSystem s = scope.system(id, "Manager");
        String uri = Uris.manager(id);
        ObjectNode o = Json.resource(uri, Uris.TYPE_MANAGER, id, "Virtual BMC of " + s.vm().id().name());
        o.put("Description", "KubeVirt Redfish BMC of VirtualMachine " + s.vm().id());
        o.put("ManagerType", "BMC");
        o.put("FirmwareVersion", VERSION);
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        o.put("DateTime", now.format(DATE_TIME));
        o.put("DateTimeLocalOffset", now.format(OFFSET));
        o.put("Model", "KubeVirt Redfish");
        o.put("PowerState", "On");
        ObjectNode status = o.putObject("Status");
        status.put("State", "Enabled");
        status.put("Health", "OK");
        o.set("VirtualMedia", Json.link(uri + "/VirtualMedia"));
        ObjectNode links = o.putObject("Links");
        Json.linkList(links, "ManagerForServers", List.of(Uris.system(id)));
        Set<String> chassis = new TreeSet<>(s.system().chassis());
        chassis.retainAll(scope.caller().chassis());
        Json.linkList(links, "ManagerForChassis", chassis.stream().map(Uris::chassis).toList());
        return new Representation(o).ok();
    }
}
