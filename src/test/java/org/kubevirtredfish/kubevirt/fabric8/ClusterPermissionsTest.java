package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Denials met at run time name the permission, with what it costs, once each. */
class ClusterPermissionsTest {

    /** The authorizer's wording, responsewriters/errors.go forbiddenMessage. */
    static String denial(String verb, String resource, String group, String namespace) {
        return "datavolumes.cdi.kubevirt.io \"alpha-cd-1\" is forbidden: User "
                + "\"system:serviceaccount:kubevirt-redfish:kubevirt-redfish\" cannot " + verb + " resource \""
                + resource + "\" in API group \"" + group + "\" in the namespace \"" + namespace + "\"";
    }

    @Test
    void aDenialIsRecordedWithItsCostAndLoggedOnce() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(ClusterPermissions.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            ClusterPermissions permissions = new ClusterPermissions();
            permissions.denied(denial("create", "datavolumes", "cdi.kubevirt.io", "ns-a"));
            permissions.denied(denial("create", "datavolumes", "cdi.kubevirt.io", "ns-a"));
            permissions.denied(denial("update", "virtualmachines/start", "subresources.kubevirt.io", "ns-b"));
            permissions.denied("some other 403 of KubeVirt's own");
            assertEquals(List.of("create cdi.kubevirt.io datavolumes in namespace ns-a",
                    "update subresources.kubevirt.io virtualmachines/start in namespace ns-b"), permissions.missing());
            assertEquals(List.of(
                    "the ServiceAccount may not create cdi.kubevirt.io datavolumes in namespace ns-a: no InsertMedia;"
                            + " grant it as deploy/base/rbac.yaml does",
                    "the ServiceAccount may not update subresources.kubevirt.io virtualmachines/start in namespace"
                            + " ns-b: " + ClusterPermissions.POWER_BY_PATCH + "; grant it as deploy/base/rbac.yaml does"),
                    warnings);
        } finally {
            log.removeHandler(handler);
        }
    }
}
