"""The domain's fixed vocabularies (DESIGN.md), each value with its Thai label."""

from __future__ import annotations

import enum
from typing import Self, overload


class LabelledEnum(enum.StrEnum):
    """A string enumeration whose members carry a Thai label: Member = ("code", "ไทย")."""

    label_th: str

    # Two ways in: Member = ("code", "ไทย") defines a member (this __new__ runs once per member, as the
    # class is built); Enum("code") looks a member up by its code (Enum's own lookup, not this __new__).
    @overload
    def __new__(cls, value: str) -> Self: ...
    @overload
    def __new__(cls, value: str, label_th: str) -> Self: ...
    def __new__(cls, value: str, label_th: str | None = None) -> Self:
        if label_th is None:
            raise TypeError(f"{cls.__name__} member {value!r} needs a Thai label")
        member = str.__new__(cls, value)
        member._value_ = value
        member.label_th = label_th
        return member

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {member.value: member.label_th for member in cls}


class Dimension(LabelledEnum):
    HEALTH = ("health", "สุขภาพ")
    LIVING = ("living", "ความเป็นอยู่")
    EDUCATION = ("education", "การศึกษา")
    INCOME = ("income", "รายได้")
    PUBLIC_SERVICES = ("public_services", "การเข้าถึงบริการรัฐ")


class DevelopmentLevel(LabelledEnum):
    SURVIVE = ("survive", "อยู่รอด")
    SUFFICIENT = ("sufficient", "อยู่พอเพียง")
    SUSTAINABLE = ("sustainable", "อยู่อย่างยั่งยืน")


class ProblemStatus(LabelledEnum):
    OPEN = ("open", "ยังไม่ได้รับความช่วยเหลือ")
    IN_PROGRESS = ("in_progress", "อยู่ระหว่างดำเนินการ")
    REFERRED = ("referred", "ส่งต่อหน่วยงาน")
    HELPED = ("helped", "ได้รับความช่วยเหลือแล้ว")
    SELF_RESOLVED = ("self_resolved", "แก้ไขได้ด้วยตนเอง")
    UNRESOLVABLE = ("unresolvable", "ไม่สามารถแก้ไขได้")

    @property
    def is_closed(self) -> bool:
        return self in (ProblemStatus.HELPED, ProblemStatus.SELF_RESOLVED, ProblemStatus.UNRESOLVABLE)


class AssistanceType(LabelledEnum):
    CASH = ("cash", "เงินสงเคราะห์")
    GOODS = ("goods", "สิ่งของ/ถุงยังชีพ")
    HOUSING = ("housing", "ซ่อม/สร้างบ้าน")
    LIVELIHOOD = ("livelihood", "อาชีพ/ปัจจัยการผลิต")
    EMPLOYMENT = ("employment", "จ้างงาน")
    SCHOLARSHIP = ("scholarship", "ทุนการศึกษา")
    MEDICAL_REFERRAL = ("medical_referral", "ส่งต่อรักษา")
    RIGHTS_REGISTRATION = ("rights_registration", "ลงทะเบียนสิทธิ")
    DEBT_RELIEF = ("debt_relief", "แก้หนี้")
    TRAINING = ("training", "ฝึกอาชีพ")
    OTHER = ("other", "อื่น ๆ")


class Role(LabelledEnum):
    GUEST = ("guest", "ผู้ใช้ทั่วไป")
    CITIZEN = ("citizen", "ประชาชน")
    OFFICER = ("officer", "เจ้าหน้าที่ภาคสนาม")
    SUPERVISOR = ("supervisor", "ผู้บังคับบัญชา")
    ADMIN = ("admin", "ผู้ดูแลระบบ")

    @property
    def is_staff(self) -> bool:
        return self in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


class AreaLevel(LabelledEnum):
    PROVINCE = ("province", "จังหวัด")
    DISTRICT = ("district", "อำเภอ")
    SUBDISTRICT = ("subdistrict", "ตำบล")


class HouseholdSource(LabelledEnum):
    TPMAP = ("tpmap", "TPMAP")
    BMN = ("bmn", "จปฐ.")
    WELFARE_CARD = ("welfare_card", "บัตรสวัสดิการแห่งรัฐ")
    FIELD_ADDED = ("field_added", "เติมเต็มครัวเรือนตกหล่น")


class Sex(LabelledEnum):
    MALE = ("male", "ชาย")
    FEMALE = ("female", "หญิง")
    UNKNOWN = ("unknown", "ไม่ระบุ")


class Relation(LabelledEnum):
    HEAD = ("head", "หัวหน้าครัวเรือน")
    SPOUSE = ("spouse", "คู่สมรส")
    CHILD = ("child", "บุตร")
    PARENT = ("parent", "บิดา/มารดา")
    GRANDCHILD = ("grandchild", "หลาน")
    SIBLING = ("sibling", "พี่น้อง")
    RELATIVE = ("relative", "ญาติ")
    OTHER = ("other", "ผู้อาศัย")
