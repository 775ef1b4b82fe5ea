"""The column schema of every scenario table: English header, Vietnamese header (alias), kind, and meaning.

This is the single source for the loader, the Excel template, the data-format reference and the generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from models.scales import Education, Gender, Level, LockAction, PoliticalTheory, Scale, StateMgmt

Kind = Literal["id", "text", "int", "float", "bool", "month", "birth", "list", "scale", "levels"]


@dataclass(frozen=True)
class Column:
    name: str
    header_vi: str
    kind: Kind
    required: bool = False
    help_vi: str = ""
    help_en: str = ""
    scale: type[Scale] | None = None
    default: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Table:
    name: str
    sheet_vi: str
    columns: tuple[Column, ...]
    help_vi: str
    help_en: str
    optional: bool = False

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


C = Column

UNITS = Table(
    "units",
    "Đơn vị",
    (
        C("unit_id", "Mã đơn vị", "id", True, "Mã duy nhất của đơn vị", "Unique unit id"),
        C("name", "Tên đơn vị", "text", True, "Tên đơn vị", "Unit name"),
        C("level", "Cấp", "scale", True, "Cấp đơn vị: Trung ương, Tỉnh, Sở ban ngành tỉnh, Huyện, Phòng ban huyện, "
          "Xã phường thị trấn", "Unit level", scale=Level),
        C("parent_id", "Mã đơn vị cấp trên", "id", False, "Mã của đơn vị cấp trên trực tiếp", "Parent unit id"),
        C("difficult", "Xã đặc biệt khó khăn", "bool", False, "Đánh dấu nếu là xã đặc biệt khó khăn",
          "Extremely difficult commune", default="false"),
        C("ethnic_area", "Vùng đồng bào DTTS", "bool", False, "Đánh dấu nếu là vùng đồng bào dân tộc thiểu số",
          "Ethnic-minority area", default="false"),
        C("languages", "Ngôn ngữ", "list", False, "Tiếng dân tộc sử dụng ở địa bàn, cách nhau bởi dấu ;",
          "Languages spoken in the area, `;`-separated"),
        C("headcount", "Biên chế", "int", False, "Số cán bộ, công chức của đơn vị", "Number of cadres of the unit"),
        C("max_away", "Tối đa vắng cùng lúc", "int", False,
          "Số cán bộ của đơn vị được đi cùng lúc tối đa (để trống: biên chế × tỷ lệ chính sách)",
          "How many of its cadres may be away at once (empty: headcount × policy share)"),
    ),
    "Danh mục đơn vị và quan hệ cấp trên – cấp dưới",
    "Units and their hierarchy",
)

CADRES = Table(
    "cadres",
    "Cán bộ",
    (
        C("cadre_id", "Mã cán bộ", "id", True, "Mã duy nhất của cán bộ", "Unique cadre id"),
        C("full_name", "Họ và tên", "text", True, "Họ và tên", "Full name"),
        C("gender", "Giới tính", "scale", True, "Nam hoặc Nữ", "nam or nữ", scale=Gender),
        C("birth_date", "Ngày sinh", "birth", True, "Ngày sinh: YYYY-MM-DD, YYYY-MM hoặc YYYY",
          "Birth date: YYYY-MM-DD, YYYY-MM or YYYY"),
        C("unit_id", "Mã đơn vị công tác", "id", True, "Đơn vị đang công tác", "Current unit"),
        C("education", "Trình độ chuyên môn", "scale", True, "Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ",
          "Education level", scale=Education),
        C("political_theory", "Lý luận chính trị", "scale", True, "Chưa có, Sơ cấp, Trung cấp, Cao cấp",
          "Political theory level", scale=PoliticalTheory),
        C("ethnicity", "Dân tộc", "text", False, "Dân tộc (Kinh là dân tộc đa số)", "Ethnic group (Kinh: majority)"),
        C("home_unit_id", "Mã đơn vị quê quán", "id", False, "Đơn vị nơi cán bộ là người địa phương",
          "Unit the cadre is native to"),
        C("title", "Chức vụ hiện tại", "text", False, "Chức vụ đang giữ", "Current post"),
        C("rank", "Bậc chức vụ", "int", False,
          "0 nhân viên, 1 phó phòng, 2 trưởng phòng, 3 trở lên lãnh đạo cấp trên", "0 staff, 1 deputy head, "
          "2 head, 3+ leadership of the unit above", default="0"),
        C("field", "Lĩnh vực", "text", False, "Ngành, lĩnh vực công tác", "Field of work"),
        C("state_mgmt", "Quản lý nhà nước", "scale", False,
          "Chưa có, Chuyên viên, Chuyên viên chính, Chuyên viên cao cấp", "State management level",
          scale=StateMgmt, default="none"),
        C("party_member", "Đảng viên", "bool", False, "Có nếu là đảng viên", "Party member", default="false"),
        C("planned_titles", "Chức danh quy hoạch", "list", False,
          "Các chức danh được quy hoạch, cách nhau bởi dấu ;", "Titles in the succession pool, `;`-separated"),
        C("languages", "Tiếng dân tộc biết", "list", False, "Các tiếng dân tộc biết, cách nhau bởi dấu ;",
          "Languages spoken, `;`-separated"),
        C("available_from", "Sẵn sàng từ tháng", "month", False, "Tháng sớm nhất có thể đi (YYYY-MM)",
          "Earliest month available"),
        C("available_to", "Sẵn sàng đến tháng", "month", False, "Tháng muộn nhất còn có thể công tác ở nơi đến",
          "Latest month available"),
        C("secondment_exempt", "Miễn biệt phái", "bool", False,
          "Đang mang thai, nuôi con dưới 36 tháng hoặc được miễn vì lý do khác", "Excused from secondment",
          default="false"),
        C("under_review", "Đang xem xét kỷ luật", "bool", False, "Đang bị xem xét kỷ luật, điều tra: không điều động",
          "Under discipline review: no move", default="false"),
        C("retirement_month", "Tháng nghỉ hưu", "month", False,
          "Tháng nghỉ hưu theo quyết định riêng (để trống: theo lộ trình luật định)",
          "Individual retirement month (empty: legal roadmap)"),
    ),
    "Danh sách cán bộ, công chức có thể luân chuyển hoặc biệt phái",
    "Cadres who may be rotated or seconded",
)

POSTS = Table(
    "posts",
    "Vị trí khuyết",
    (
        C("post_id", "Mã vị trí", "id", True, "Mã duy nhất của vị trí", "Unique post id"),
        C("unit_id", "Mã đơn vị", "id", True, "Đơn vị có vị trí khuyết", "Unit of the post"),
        C("title", "Chức danh", "text", True, "Chức danh cần bố trí", "Title"),
        C("open_from", "Bắt đầu từ tháng", "month", True, "Tháng sớm nhất có thể bắt đầu (YYYY-MM)",
          "Earliest start month"),
        C("rank", "Bậc chức vụ", "int", False, "Bậc của chức danh (như cột Bậc chức vụ của cán bộ)", "Rank of the post"),
        C("priority", "Mức ưu tiên", "int", False, "1 thấp … 5 cao (mặc định 3)", "1 low … 5 high", default="3"),
        C("open_to", "Bắt đầu muộn nhất", "month", False, "Tháng muộn nhất có thể bắt đầu (mặc định = tháng sớm nhất)",
          "Latest start month (default: open_from)"),
        C("months", "Số tháng", "int", False, "Thời gian luân chuyển (mặc định theo chính sách, 36 tháng)",
          "Length in months (default: policy)"),
        C("min_education", "Chuyên môn tối thiểu", "scale", False, "Trình độ chuyên môn tối thiểu",
          "Minimum education", scale=Education),
        C("min_political_theory", "LLCT tối thiểu", "scale", False, "Trình độ lý luận chính trị tối thiểu",
          "Minimum political theory", scale=PoliticalTheory),
        C("min_state_mgmt", "QLNN tối thiểu", "scale", False, "Trình độ quản lý nhà nước tối thiểu",
          "Minimum state management", scale=StateMgmt),
        C("party_required", "Yêu cầu đảng viên", "bool", False, "Có nếu bắt buộc là đảng viên", "Party member required",
          default="false"),
        C("fields", "Lĩnh vực phù hợp", "list", False, "Các lĩnh vực phù hợp, cách nhau bởi ; (trống: mọi lĩnh vực)",
          "Accepted fields, `;`-separated (empty: any)"),
        C("language", "Tiếng dân tộc", "text", False, "Tiếng dân tộc cần biết", "Language needed"),
        C("non_local", "Không phải người địa phương", "bool", False,
          "Có nếu không bố trí người địa phương (quê ở đơn vị này hoặc đơn vị trực thuộc)",
          "Refuses natives of the unit", default="false"),
        C("source_levels", "Cấp nguồn", "levels", False, "Cấp của đơn vị cán bộ được lấy từ (cách nhau bởi ;)",
          "Levels cadres may come from", scale=Level),
    ),
    "Các vị trí khuyết cần luân chuyển cán bộ đến",
    "Vacant posts to be filled by rotation",
)

SEATS = Table(
    "seats",
    "Chỉ tiêu biệt phái",
    (
        C("seat_id", "Mã chỉ tiêu", "id", True, "Mã duy nhất của chỉ tiêu", "Unique seat id"),
        C("unit_id", "Mã đơn vị tiếp nhận", "id", True, "Sở, ngành tiếp nhận", "Receiving department"),
        C("capacity", "Số người cùng lúc", "int", True, "Số cán bộ tiếp nhận cùng lúc", "Cadres at once"),
        C("open_from", "Bắt đầu từ tháng", "month", True, "Tháng sớm nhất có thể bắt đầu", "Earliest start month"),
        C("months", "Số tháng", "int", True, "Thời gian biệt phái (tháng)", "Length in months"),
        C("open_to", "Bắt đầu muộn nhất", "month", False, "Tháng muộn nhất có thể bắt đầu (mặc định = tháng sớm nhất)",
          "Latest start month (default: open_from)"),
        C("field", "Lĩnh vực", "text", False, "Lĩnh vực (trống: mọi lĩnh vực)", "Field (empty: any)"),
        C("min_rank", "Bậc tối thiểu", "int", False, "Bậc chức vụ tối thiểu (mặc định 1: phó phòng)",
          "Minimum rank (default 1)", default="1"),
        C("ethnic_minority_only", "Chỉ người DTTS", "bool", False, "Chỉ tiếp nhận người dân tộc thiểu số (mặc định có)",
          "Ethnic-minority cadres only (default true)", default="true"),
        C("source_levels", "Cấp nguồn", "levels", False, "Cấp của đơn vị cán bộ được cử đi (cách nhau bởi ;)",
          "Levels cadres may come from", scale=Level),
    ),
    "Chỉ tiêu tiếp nhận cán bộ biệt phái của các sở, ngành",
    "Secondment capacity of departments",
)

LOCKS = Table(
    "locks",
    "Quyết định ghim",
    (
        C("action", "Loại", "scale", True, "pin (ghim) hoặc forbid (cấm)", "pin or forbid", scale=LockAction),
        C("cadre_id", "Mã cán bộ", "id", False, "Cán bộ", "Cadre"),
        C("target_id", "Mã vị trí/chỉ tiêu", "id", False, "Vị trí khuyết hoặc chỉ tiêu biệt phái", "Post or seat"),
        C("start", "Tháng bắt đầu", "month", False, "Tháng bắt đầu (nếu ghim cả thời điểm)", "Start month"),
        C("reason", "Lý do", "text", False, "Lý do, ghi vào kết quả", "Reason, carried to the outputs"),
    ),
    "Quyết định của Ban Thường vụ: ghim hoặc cấm một phương án",
    "The committee's own decisions: pins and forbids",
    optional=True,
)

ONGOING = Table(
    "ongoing",
    "Đang thực hiện",
    (
        C("cadre_id", "Mã cán bộ", "id", True, "Cán bộ đang luân chuyển/biệt phái", "Cadre"),
        C("target_id", "Mã vị trí/chỉ tiêu", "id", True, "Vị trí hoặc chỉ tiêu đang giữ", "Post or seat held"),
        C("start", "Tháng bắt đầu", "month", True, "Tháng bắt đầu", "Start month"),
        C("end", "Tháng kết thúc", "month", True, "Tháng cuối cùng", "Last month"),
    ),
    "Các trường hợp luân chuyển, biệt phái đang thực hiện từ kế hoạch trước",
    "Moves under way from earlier plans",
    optional=True,
)

TABLES: dict[str, Table] = {t.name: t for t in (UNITS, CADRES, POSTS, SEATS, LOCKS, ONGOING)}
