package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;

/**
 * GET Systems and GET Managers serve a payload kept between changes, yet exact: after a VM of the caller's chassis
 * is created, relabelled out of its selector or deleted, the members and the ETag are the new ones; a change the
 * caller cannot see keeps both.
 */
class SystemCollectionEtagTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENABLED = Map.of("redfish-enabled", "true");

    private final Fixture f = new Fixture();
    private final MemberListBodies bodies = new MemberListBodies();

    @AfterEach
    void close() {
        f.close();
    }

    private Response systems() {
        SystemCollectionResource r = new SystemCollectionResource();
        r.scope = f.scope;
        r.bodies = bodies;
        return r.listSystems();
    }

    private Response managers() {
        ManagerCollectionResource r = new ManagerCollectionResource();
        r.scope = f.scope;
        r.bodies = bodies;
        return r.listManagers();
    }

    private Response chassis(String id) {
        ChassisResource r = new ChassisResource();
        r.scope = f.scope;
        r.bodies = bodies;
        return r.getChassis(id);
    }

    private static List<String> links(Response r) {
        try {
            List<String> uris = new ArrayList<>();
            JSON.readTree((String) r.getEntity()).path("Links").path("ComputerSystems")
                    .forEach(m -> uris.add(m.path("@odata.id").asText()));
            return uris;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String etag(Response r) {
        return r.getHeaderString(HttpHeaders.ETAG);
    }

    private static List<String> members(Response r) {
        try {
            JsonNode body = JSON.readTree((String) r.getEntity());
            List<String> uris = new ArrayList<>();
            body.path("Members").forEach(m -> uris.add(m.path("@odata.id").asText()));
            assertEquals(uris.size(), body.path("Members@odata.count").asInt());
            return uris;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The ETag a fresh Representation gives the payload: what the service computed before payloads were kept. */
    private static String digestOf(Response r) {
        try {
            return new Representation((com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree((String) r.getEntity())).etag();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aVmOfTheCallersChassisCreatedRelabelledOrDeletedChangesMembersAndEtag() {
        Response first = systems();
        assertEquals(List.of("/redfish/v1/Systems/demo.cp-0", "/redfish/v1/Systems/demo.cp-1"), members(first));

        f.sim.create(new VmSeed(new VmId("demo", "cp-2"), ENABLED, 1, 1024, List.of(), false));
        Response created = systems();
        assertEquals(List.of("/redfish/v1/Systems/demo.cp-0", "/redfish/v1/Systems/demo.cp-1",
                "/redfish/v1/Systems/demo.cp-2"), members(created));
        assertNotEquals(etag(first), etag(created));
        assertEquals(digestOf(created), etag(created));

        f.sim.relabel(Fixture.OFF, Map.of());
        Response relabelled = systems();
        assertEquals(List.of("/redfish/v1/Systems/demo.cp-1", "/redfish/v1/Systems/demo.cp-2"), members(relabelled));
        assertNotEquals(etag(created), etag(relabelled));

        f.sim.delete(new VmId("demo", "cp-2"));
        Response deleted = systems();
        assertEquals(List.of("/redfish/v1/Systems/demo.cp-1"), members(deleted));
        assertNotEquals(etag(relabelled), etag(deleted));
        assertEquals(digestOf(deleted), etag(deleted));
    }

    @Test
    void aChangeTheCallerCannotSeeKeepsMembersAndEtag() {
        Response first = systems();
        f.sim.create(new VmSeed(new VmId("lab", "w-1"), Map.of(), 1, 1024, List.of(), false));
        f.sim.create(new VmSeed(new VmId("demo", "unselected"), Map.of(), 1, 1024, List.of(), false));
        f.sim.power(Fixture.OFF, PowerAction.START);
        Response after = systems();
        assertEquals(members(first), members(after));
        assertEquals(etag(first), etag(after));
        assertEquals(digestOf(after), etag(after));
    }

    @Test
    void theManagersCollectionFollowsTheSameChanges() {
        Response first = managers();
        assertEquals(List.of("/redfish/v1/Managers/demo.cp-0", "/redfish/v1/Managers/demo.cp-1"), members(first));
        assertNotEquals(etag(systems()), etag(first), "two collections, two payloads");

        f.sim.delete(Fixture.RUNNING);
        Response after = managers();
        assertEquals(List.of("/redfish/v1/Managers/demo.cp-0"), members(after));
        assertNotEquals(etag(first), etag(after));
        assertEquals(digestOf(after), etag(after));
    }

    @Test
    void aChassisLinksTheSystemsOfItsSelectorAfterEachChange() {
        Response first = chassis("demo");
        assertEquals(List.of("/redfish/v1/Systems/demo.cp-0", "/redfish/v1/Systems/demo.cp-1"), links(first));
        assertEquals(etag(first), etag(chassis("demo")));

        f.sim.relabel(new VmId("demo", "unlabelled"), ENABLED);
        Response after = chassis("demo");
        assertEquals(List.of("/redfish/v1/Systems/demo.cp-0", "/redfish/v1/Systems/demo.cp-1",
                "/redfish/v1/Systems/demo.unlabelled"), links(after));
        assertNotEquals(etag(first), etag(after));
        assertEquals(digestOf(after), etag(after));
    }
}
