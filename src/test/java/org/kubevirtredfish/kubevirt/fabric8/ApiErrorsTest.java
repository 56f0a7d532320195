package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/** A 403 is logged with the API server's reason; only an authorizer's denial is blamed on RBAC. */
class ApiErrorsTest {

    private static final VmId VM = new VmId("ns-a", "alpha");
    private final Logger logger = Logger.getLogger(ApiErrors.class.getName());
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    private static String status(String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                + "\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    /** The apiserver's wording (k8s.io/apiserver responsewriters/errors.go, forbiddenMessage). */
    @Test
    void anAuthorizerDenialIsBlamedOnRbacWithTheServersMessage() {
        String denial = "virtualmachines.subresources.kubevirt.io \"alpha\" is forbidden: User "
                + "\"system:serviceaccount:redfish:bmc\" cannot update resource \"virtualmachines/start\" in API group "
                + "\"subresources.kubevirt.io\" in the namespace \"ns-a\"";
        GatewayException e = new ApiErrors(5).of(403, status(denial), "update",
                "subresources.kubevirt.io virtualmachines/start", VM, null);
        assertInstanceOf(GatewayException.Forbidden.class, e);
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).contains(denial), logged.get(0));
        assertTrue(logged.get(0).contains("grant this verb"), logged.get(0));
    }

    /** KubeVirt v1.9.0 lifecycle.go PauseVMIRequestHandler answers 403 for a liveness probe it cannot pause. */
    @Test
    void aRefusalForAnotherReasonIsNotBlamedOnRbac() {
        String reason = "virtualmachineinstance.kubevirt.io \"alpha\" is forbidden: Pausing VMIs with a "
                + "non-GuestAgentPing LivenessProbe is not supported";
        GatewayException e = new ApiErrors(5).of(403, status(reason), "update",
                "subresources.kubevirt.io virtualmachineinstances/pause", VM, null);
        assertInstanceOf(GatewayException.Forbidden.class, e);
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).contains("Pausing VMIs with a non-GuestAgentPing LivenessProbe"), logged.get(0));
        assertFalse(logged.get(0).contains("grant"), logged.get(0));
        assertFalse(logged.get(0).contains("ServiceAccount"), logged.get(0));
    }
}
