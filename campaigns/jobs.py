"""A story's job facts: contract types, the one-line fact, the schema.org JobPosting."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class ContractType(models.TextChoices):
    CDI = "cdi", _("CDI (permanent)")
    CDD = "cdd", _("CDD (fixed-term)")
    APPRENTICESHIP = "alternance", _("Apprenticeship (alternance)")
    INTERNSHIP = "stage", _("Internship (stage)")
    TEMPORARY = "interim", _("Temporary work (intérim)")
    BUSINESS_CREATION = "creation", _("Business creation")
    OTHER = "autre", _("Other")


# schema.org JobPosting employmentType for each contract type.
EMPLOYMENT_TYPES = {
    ContractType.CDI: "FULL_TIME",
    ContractType.CDD: "TEMPORARY",
    ContractType.APPRENTICESHIP: "OTHER",
    ContractType.INTERNSHIP: "INTERN",
    ContractType.TEMPORARY: "TEMPORARY",
    ContractType.BUSINESS_CREATION: "OTHER",
    ContractType.OTHER: "OTHER",
}

# Short French labels used in captions and job facts ("12 CDI à Laval").
CONTRACT_SHORT_LABELS = {
    ContractType.CDI: "CDI",
    ContractType.CDD: "CDD",
    ContractType.APPRENTICESHIP: "alternance",
    ContractType.INTERNSHIP: "stage",
    ContractType.TEMPORARY: "intérim",
    ContractType.BUSINESS_CREATION: "création d'entreprise",
    ContractType.OTHER: "",
}


def job_fact_line(*, job_count: int | None, contract_type: str, place: str) -> str:
    """'12 CDI à Laval' — the key fact a caption or a job card leads with."""
    parts: list[str] = []
    if job_count:
        parts.append(str(job_count))
    label = CONTRACT_SHORT_LABELS.get(contract_type, "") if contract_type else ""
    if label:
        parts.append(label)
    elif job_count:
        parts.append("postes" if job_count > 1 else "poste")
    line = " ".join(parts)
    if line and place:
        line = f"{line} à {place}"
    return line


def job_posting(story: Page) -> dict:
    """schema.org JobPosting of a StoryPage that has job facts, for search engines."""
    posted = story.first_published_at or story.latest_revision_created_at or timezone.now()
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": story.title,
        "description": story.summary,
        "datePosted": posted.date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": story.employer},
        "url": story.canonical_url(),
    }
    if story.place:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": story.place,
                "addressCountry": "FR",
            },
        }
    if story.contract_type:
        data["employmentType"] = EMPLOYMENT_TYPES[ContractType(story.contract_type)]
    if story.job_count:
        data["totalJobOpenings"] = story.job_count
    if story.sector:
        data["industry"] = story.sector
    if story.job_starts_on:
        data["jobStartDate"] = story.job_starts_on.isoformat()
    if story.job_expires_on:
        data["validThrough"] = f"{story.job_expires_on.isoformat()}T23:59:59"
    if story.apply_url:
        data["directApply"] = False
    return data
