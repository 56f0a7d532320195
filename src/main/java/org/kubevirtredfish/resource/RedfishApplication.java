package org.kubevirtredfish.resource;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.kubevirtredfish.health.RequestLogFilter;
import org.kubevirtredfish.message.RedfishExceptionMapper;
import org.kubevirtredfish.message.UnexpectedExceptionMapper;
import org.kubevirtredfish.security.AuthorizationFilter;

/**
 * Redfish URIs are absolute ({@code /redfish/v1/...}): the application sits at the root. The resources carry
 * their {@code @Path} only on the generated interfaces, which scanning does not pick up, so every resource and
 * provider is listed here (which also turns scanning off).
 */
@ApplicationPath("/")
public class RedfishApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                ServiceRootResource.class,
                SystemCollectionResource.class,
                SystemResource.class,
                EthernetInterfaceResource.class,
                ProcessorResource.class,
                MemoryResource.class,
                SimpleStorageResource.class,
                StorageResource.class,
                SecureBootResource.class,
                BiosResource.class,
                SystemVirtualMediaResource.class,
                ManagerCollectionResource.class,
                ManagerResource.class,
                ManagerVirtualMediaResource.class,
                ChassisCollectionResource.class,
                ChassisResource.class,
                SessionServiceResource.class,
                SessionCollectionResource.class,
                SessionResource.class,
                AccountServiceResource.class,
                AccountCollectionResource.class,
                AccountResource.class,
                RoleCollectionResource.class,
                RoleResource.class,
                EventServiceResource.class,
                EventSubscriptionCollectionResource.class,
                EventSubscriptionResource.class,
                AccountWritesFilter.class,
                ProtocolFilter.class,
                WriteRequestFilter.class,
                CollectionMembersFilter.class,
                RequestLogFilter.class,
                AuthorizationFilter.class,
                GatewayExceptionMapper.class,
                RedfishExceptionMapper.class,
                UnexpectedExceptionMapper.class);
    }
}
