"""The composition root for commands: the tenant registry and every tenant's application."""

from __future__ import annotations

from adapters.config import Settings
from adapters.store import Services
from domain.service import Clock, RequestService, utc_now
from tenants.catalogue import builtin_variant
from tenants.model import Tenant
from tenants.sopfile import LoadedVariant


class Platform:
    """One deployment: many tenants, each on its own store and SOP variant."""

    def __init__(self, settings: Settings, clock: Clock = utc_now, pool_size: int = 10) -> None:
        self.settings = settings
        self.services = Services(settings, clock, pool_size=pool_size)
        self.registry = self.services.registry()

    def create_tenant(
        self,
        slug: str,
        *,
        name: str,
        variant_id: str,
        timezone: str = "Asia/Jakarta",
        region: str = "",
        office_hours: str = "07:30-16:00",
        actor: str = "platform",
    ) -> Tenant:
        """Register the tenant, then open its store with its SOP version adopted."""
        tenant = self.registry.create(
            slug,
            name=name,
            variant_id=variant_id,
            timezone=timezone,
            region=region,
            office_hours=office_hours,
            actor=actor,
        )
        return self._run(tenant, builtin_variant(variant_id), actor, switch=False)

    def set_sop(self, slug: str, variant_id: str, actor: str = "platform") -> Tenant:
        """New requests use the new variant; requests in flight finish on their own version."""
        tenant = self.registry.get(slug)
        return self._run(tenant, builtin_variant(variant_id), actor, switch=True)

    def set_own_sop(self, slug: str, loaded: LoadedVariant, actor: str = "platform") -> Tenant:
        """Run the tenant on its own variant file (validated by the loader): new requests only.

        Its full text is kept in the tenant's store first; the same id and version with other
        content is refused, so an edited file needs a new version number.
        """
        return self._run(self.registry.get(slug), loaded, actor, switch=True)

    def tenant(self, slug: str) -> Tenant:
        return self.registry.get(slug)

    def tenants(self) -> list[Tenant]:
        return self.registry.list()

    def service(self, slug: str) -> RequestService:
        return self.services.for_tenant(self.registry.get(slug))

    def close(self) -> None:
        self.services.close()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, tenant: Tenant, loaded: LoadedVariant, actor: str, *, switch: bool) -> Tenant:
        """Keep the variant's text in the tenant's store, (re)point the registry, note it there."""
        variant = loaded.variant
        service = self.services.for_tenant(tenant)
        service.adopt_variant(variant, loaded.source, loaded.fingerprint, actor=actor)
        if switch:
            tenant = self.registry.set_sop(tenant.slug, variant.id, variant.version, actor)
        service.choose_variant(tenant.variant_id, tenant.variant_version, actor)
        return tenant
