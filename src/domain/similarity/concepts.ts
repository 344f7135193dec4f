/**
 * The youth-union vocabulary: the words and phrases people use for one thing, each mapped to one
 * way of saying it, so that "lãi vay" and "lãi suất", "ra quân" and "xuất ngũ", "pod" and "thuốc lá
 * điện tử" count as the same words. Written from what the union's dialogues are about (jobs, loans,
 * vocational training, administrative procedures, digital services, youth policy), not from any
 * labelled pair: a proposal's paraphrase mostly changes these words, not the thing asked.
 *
 * Each entry is `canonical: variants`, folded (no marks, lower case), separated by `|`; a variant
 * of several syllables is matched as a phrase, the longest first. Only variants that stay
 * unambiguous once their marks are gone: `lãi` alone (folded `lai`, also `lại`), `hạn` (`hàn`,
 * `hán`) or `ai` (who) are left alone, and only their unambiguous phrases are listed.
 * An empty canonical drops the phrase: it only says that something is asked.
 */
const CONCEPTS: Record<string, string> = {
  // Openings and politeness: what every proposal says, not what it asks.
  "": "xin hoi | cho em hoi | cho e hoi | cho minh hoi | cho toi hoi | em muon hoi | e muon hoi | toi muon hoi | xin cho hoi | nhu the nao | the nao | ra sao | vay a | co the | tui em | tui e | chung em | chung toi | bon em | bon e | em cam on | cam on | xin cam on | xin de xuat | de xuat | kien nghi | mong muon | quan tam | xem xet | cac cap | cap tren | chinh quyen | co quan chuc nang | nha nuoc | lanh dao | hien nay | bay gio | gan day",

  // Words whose first syllable, folded, is a filler word elsewhere ("đăng" / "đang", "chi" / "chị", "tài" / "tại"): one token each.
  dangky: "dang ky | dang ki",
  dangnhap: "dang nhap | vo khong duoc | vao khong duoc",

  // Jobs.
  "viec lam": "cong viec | viec lam | job | viec lam on dinh | cong an viec lam",
  "tim viec lam": "tim viec | xin viec | kiem viec | tim duoc viec | xin duoc viec | tim viec lam | xin viec lam | kiem viec lam",
  "tuyen dung": "tuyen dung | tuyen nguoi | tuyen lao dong | tuyen nhan vien | nhan vao lam | nhan vao lam viec | dang tuyen",
  "tot nghiep": "tot nghiep | ra truong | moi ra truong | vua ra truong | cu nhan",
  "ban thoi gian": "viec lam them | lam them | ban thoi gian | part time | parttime",
  "ngay hoi viec lam": "ngay hoi viec lam | phien giao dich viec lam | san giao dich viec lam | hoi cho viec lam | ngay hoi tuyen dung",
  "trung tam dich vu viec lam": "trung tam dich vu viec lam | trung tam gioi thieu viec lam",
  "gioi thieu viec lam": "gioi thieu viec lam | gioi thieu viec | gioi thieu cong viec | ket noi viec lam",
  "huong nghiep": "huong nghiep | dinh huong nghe nghiep | chon nganh | chon nghe | tu van chon nganh",
  "xuat ngu": "xuat ngu | ra quan | xuat ngu ve | hoan thanh nghia vu quan su | quan nhan xuat ngu",
  "nghia vu quan su": "nghia vu quan su | nhap ngu | di nghia vu | di bo doi | kham nghia vu",
  "xuat khau lao dong": "xuat khau lao dong | lao dong nuoc ngoai | di lam viec o nuoc ngoai | di lam o nuoc ngoai | lam viec o nuoc ngoai | di lao dong nuoc ngoai",
  "han quoc": "han quoc | di han | tieng han | xu han",
  "nhat ban": "nhat ban | di nhat | tieng nhat | xu nhat",
  "khu cong nghiep": "khu cong nghiep | kcn | khu che xuat | kcx",
  "cong nhan": "cong nhan | nguoi lao dong | lao dong pho thong",
  "bao hiem that nghiep": "bao hiem that nghiep | tro cap that nghiep | bh that nghiep | bhtn",
  "nghi viec": "nghi viec | mat viec | bi cat giam | cat giam lao dong | that nghiep | bi sa thai",

  // Vocational training.
  "hoc nghe": "hoc nghe | day nghe | dao tao nghe | lop dao tao nghe | khoa dao tao nghe | lop nghe ngan han | lop nghe | lop day nghe | lop hoc nghe | giao duc nghe nghiep | truong nghe | trung tam nghe",
  "lop tap huan": "tap huan | lop tap huan | boi duong | lop boi duong | khoa hoc ngan han | khoa dao tao | lop dao tao | lop hoc",
  "ky nang so": "ky nang so | tin hoc | tin hoc van phong | may tinh | word excel | word | excel | ung dung van phong",
  "tri tue nhan tao": "tri tue nhan tao | chatgpt | chat gpt | cong cu ai | ung dung ai | xai ai | dung ai | hoc ai",

  // Loans and money.
  "vay von": "vay von | von vay | khoan vay | goi vay | vay tien | cho vay | tin dung | muon von | vay ngan hang",
  "lai suat": "lai suat | lai vay | tien lai | muc lai | lai ngan hang | cap bu lai suat",
  "giam lai suat": "giam lai suat | ha lai suat | ha lai | giam lai | lai suat thap",
  "the chap": "the chap | tai san the chap | tai san bao dam | tai san dam bao | so do | so hong",
  "tin chap": "tin chap | bao lanh | dung ra bao lanh",
  "muc vay toi da": "han muc | han muc vay | muc vay | muc cho vay | vay toi da | vay nhieu nhat | vay duoc bao nhieu | duoc vay bao nhieu | muc vay toi da",
  "gia han no": "gia han no | gian no | khoanh no | xoa no | no qua han | tra no | khong tra duoc no | no vay",
  "ngan hang chinh sach xa hoi": "ngan hang chinh sach xa hoi | ngan hang chinh sach | nhcsxh | ngan hang csxh | csxh",
  "quy quoc gia ve viec lam": "quy quoc gia ve viec lam | quy quoc gia giai quyet viec lam | quy giai quyet viec lam",
  "giai ngan": "giai ngan | nhan tien vay | nhan duoc von",
  "mien phi": "mien phi | free | khong mat phi | khong mat tien | khong thu phi",
  "hoc bong": "hoc bong | suat hoc bong",
  "ngheo": "ngheo | ho ngheo | can ngheo | nha ngheo | hoan canh kho khan | vuot kho | gia dinh kho khan",
  "phu cap": "phu cap | che do dai ngo | thu lao",
  "mien giam thue": "mien thue | giam thue | mien giam thue | uu dai thue",

  // Starting up.
  "khoi nghiep": "khoi nghiep | khoi su | khoi su kinh doanh | startup | start up",
  "covan": "co van | mentor | kem cap | nguoi huong dan | chuyen gia tu van",
  "coworking": "khong gian lam viec chung | coworking | co working | van phong chung | co working space | coworking space",
  "daura": "dau ra | tieu thu | bao tieu | noi tieu thu | he thong phan phoi | phan phoi",
  "hoi cho": "hoi cho | phien cho | trien lam | trung bay | gian hang trung bay",
  "quang ba": "quang ba | quang cao | tiep thi | marketing | chay quang cao",
  "ban hang truc tuyen": "ban hang truc tuyen | ban hang online | ban online | ban qua mang | ban hang qua mang | ban tren mang | kinh doanh online | kinh doanh tren mang | livestream | live stream | len live | ban hang livestream",
  "thuong mai dien tu": "thuong mai dien tu | san thuong mai dien tu | tmdt | shopee | tiktok | lazada | tiki | san tmdt",
  "y tuong": "y tuong | sang kien | giai phap moi",
  "uom tao": "uom tao | vuon uom | ho tro trien khai | trien khai y tuong",
  "nong nghiep cong nghe cao": "nong nghiep cong nghe cao | nong nghiep cnc | nong nghiep hien dai | nha kinh | tuoi nho giot | tuoi tu dong",

  // Administrative procedures and digital services.
  "truc tuyen": "truc tuyen | online | qua mang | tren mang | qua internet",
  "dich vu cong": "dich vu cong | dvc | cong dich vu cong | dich vu cong truc tuyen | cong dich vu cong quoc gia",
  "thu tuc": "thu tuc | ho so | giay to | thu tuc hanh chinh | tthc",
  "phuc tap": "phuc tap | ruom ra | lang nhang | nhieu buoc | kho dung | kho xai | kho su dung | roi rac",
  "don gian": "don gian | don gian hoa | rut gon | lam gon | gon nhe | de dung | de xai | de su dung | it buoc",
  "motcua": "mot cua | bo phan mot cua | bo phan tiep nhan va tra ket qua",
  "cancuoc": "can cuoc | the can cuoc | can cuoc cong dan | cccd | cmnd | chung minh nhan dan",
  "vneid": "vneid | dinh danh dien tu | tai khoan dinh danh | tai khoan dinh danh dien tu | dinh danh",
  "sap nhap": "sap nhap | sat nhap | hop nhat | dia gioi hanh chinh",
  "khai sinh": "khai sinh | giay khai sinh | trich luc khai sinh | ban sao khai sinh",
  "dang ky kinh doanh": "dang ky kinh doanh | dang ky ho kinh doanh | ho kinh doanh | giay phep kinh doanh",
  "song di dong": "song di dong | song dien thoai | song 4g | song 3g | song 5g | 4g | 3g | 5g | cot song | tram phat song | tram bts | phu song",
  "nha mang": "nha mang | viettel | vinaphone | mobifone | nha cung cap dich vu",
  "wifi": "wifi | wi fi | mang wifi | wifi cong cong",
  "lua dao": "lua dao | bi lua | lua gat | gia mao | gia danh | co moi | chiem doat",

  // Youth life.
  "nha van hoa": "nha van hoa | nha vh | nvh | nha sinh hoat cong dong | diem sinh hoat cong dong",
  "san choi": "san choi | khu vui choi | cho choi | noi vui choi | diem vui choi | khu vui choi giai tri",
  "treem": "tre em | thieu nhi | con nit | tre con | tre nho | em nho | cac chau",
  "the thao": "the thao | the duc | tap the duc | tap the thao | the duc the thao",
  "thuoc la dien tu": "thuoc la dien tu | pod | vape | thuoc la nung nong | thuoc la the he moi",
  "tu van tam ly": "tu van tam ly | tam ly | ho tro tam ly | phong tam ly",
  "ap luc": "ap luc | stress | cang thang | tram cam | bi bat nat",
  "nha tro": "nha tro | phong tro | o tro | thue tro | tien tro | nha luu tru | nha o tap the | nha o cong nhan",
  "nha o xa hoi": "nha o xa hoi | nha o xh | nha xa hoi",
  "bi thu chi doan": "bi thu chi doan | bt chi doan | bi thu doan",
  "nong thon": "nong thon | vung que | o que | que nha | lang que",
  "tuyen truyen": "tuyen truyen | pho bien | truyen thong | thong tin rong rai",
  "xu ly": "xu ly | xu phat | xu ly nghiem | kiem tra xu ly | vao cuoc | tang cuong kiem tra",
  "hoc sinh": "hoc sinh | hoc tro | hs",
  "sinh vien": "sinh vien | sv",
};

/** [the phrase's syllables, what it stands for], longest phrases first. */
export const CONCEPT_PHRASES: [string[], string[]][] = Object.entries(CONCEPTS)
  .flatMap(([canonical, variants]) =>
    variants
      .split("|")
      .map((v) => v.trim())
      .filter(Boolean)
      .map((v): [string[], string[]] => [v.split(" "), canonical ? canonical.split(" ") : []]),
  )
  .sort((a, b) => b[0].length - a[0].length);
