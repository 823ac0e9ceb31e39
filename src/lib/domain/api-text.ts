/**
 * What the API says when it refuses a request, in Vietnamese and English (DESIGN.md §6). Every
 * message names the field or parameter to fix; field names stay in English (they are the API's).
 *
 * Schemas cannot know the caller's language when they are built once at module load, so they
 * carry a marker (`msg('key', params)`) that is translated when the refusal is answered, and
 * Zod's own issues get our wording through a per-parse error map (`zodErrors(lang)`), never
 * through the process-wide `z.config` (requests in different languages interleave).
 *
 * The dictionaries are built with the one words module (`i18n/words.ts`): `EN` is checked against
 * `VI` (same keys, same `{placeholders}`), and `apiText('key', …)`/`msg('key', …)` check the key and
 * its parameters. Add a message next to related keys, in `VI` and in `EN`, one line each.
 */
import type { z } from 'zod';
import {
	defineWords,
	isLang,
	type Lang,
	type ParamArgs,
	type Params,
	type Translation
} from '../i18n/words';

export { isLang, type Lang };

const VI = {
	// Zod issues without a message of their own.
	required: 'bắt buộc',
	type: 'phải là {expected}',
	'expected.string': 'chuỗi ký tự',
	'expected.number': 'một số',
	'expected.int': 'số nguyên',
	'expected.boolean': 'true hoặc false',
	'expected.object': 'một đối tượng JSON',
	'expected.array': 'một mảng',
	'expected.other': 'kiểu {expected}',
	notNull: 'không được là null',
	tooShort: 'phải có ít nhất {n} ký tự',
	tooLong: 'tối đa {n} ký tự',
	atLeast: 'phải lớn hơn hoặc bằng {n}',
	above: 'phải lớn hơn {n}',
	atMost: 'phải nhỏ hơn hoặc bằng {n}',
	below: 'phải nhỏ hơn {n}',
	fewItems: 'phải có ít nhất {n} phần tử',
	manyItems: 'tối đa {n} phần tử',
	oneOf: 'phải là một trong: {values}',
	format: 'sai định dạng',
	uuid: 'phải là mã định danh (uuid)',
	invalid: 'không hợp lệ',
	unknownField: 'trường không được hỗ trợ',
	unknownParam: 'tham số không được hỗ trợ',
	once: 'chỉ được cho một lần',
	langParam: 'phải là vi hoặc en',
	// Bodies.
	bodyJson: 'nội dung phải là JSON (content-type: application/json)',
	bodyLarge: 'nội dung quá lớn (tối đa {max} byte)',
	bodyMalformed: 'nội dung không phải JSON hợp lệ',
	unstorable: 'không được chứa ký tự NUL (U+0000) hoặc nửa cặp surrogate đơn lẻ',
	control: 'không được chứa ký tự điều khiển',
	nothingToChange: 'không có gì để thay đổi',
	lonLat: 'phải có cả lon và lat',
	// Query parameters.
	bbox4: 'phải là bốn số: minLon,minLat,maxLon,maxLat',
	bboxLon: 'kinh độ phải từ -180 đến 180',
	bboxLat: 'vĩ độ phải từ -90 đến 90',
	bboxOrder: 'giá trị min phải nhỏ hơn giá trị max',
	instant:
		'phải là ngày hoặc ngày giờ ISO 8601, ví dụ 2026-11-01 hoặc 2026-11-01T08:30:00+07:00 (không ghi múi giờ: giờ Việt Nam)',
	dateTime:
		'phải là ngày giờ ISO 8601, ví dụ 2026-11-01T08:30:00+07:00 (không ghi múi giờ: giờ Việt Nam)',
	notRealDate: 'không phải ngày giờ có thật',
	date: 'phải là ngày dạng YYYY-MM-DD',
	timeRange: 'phải từ ngày 01/01/2000 đến không quá năm năm sau hôm nay',
	categories: 'loại vụ việc không xác định {bad}; các loại: {known}',
	statuses: 'trạng thái không xác định {bad}; các trạng thái: {known}',
	category: 'phải là mã loại vụ việc đã biết',
	zoneCode: 'phải là mã vùng',
	wholeBetween: 'phải là số nguyên từ {min} đến {max}',
	afterFrom: 'phải sau from',
	positiveId: 'phải là số nguyên dương',
	userId: 'phải là mã người dùng (uuid)',
	tokenId: 'phải là id của khóa API (uuid)',
	lastEventId: 'phải là số nguyên',
	// Incidents and team reports.
	future: 'không được ở tương lai',
	outsideZone: 'điểm nằm ngoài vùng; gửi confirmOutsideZone: true nếu đúng là như vậy',
	statusMove: 'không thể chuyển từ "{from}" sang "{to}"',
	changedMeanwhile: 'đã bị thay đổi trong lúc đó; hãy tải lại',
	incidentNotFound: 'không tìm thấy vụ việc {id}',
	teamLeadOnly: 'không được phép: chỉ tổ trưởng tổ tự quản gửi báo cáo của tổ',
	teamHidden: 'không được phép: bạn không thấy tổ của mình',
	// Patrol plans, positions and their files.
	hhmm: 'phải là giờ dạng HH:mm (giờ Việt Nam)',
	weekdays: 'phải là các ngày trong tuần, 1 (thứ Hai) … 7 (Chủ nhật), mỗi ngày một lần',
	shiftSameTime: 'phải khác giờ bắt đầu (ca qua đêm như 22:00–06:00 kết thúc vào sáng hôm sau)',
	lonLatOrder: 'tọa độ phải theo thứ tự kinh độ (−180…180), vĩ độ (−90…90)',
	planStale:
		'kế hoạch đã được lưu thành phiên bản {current} trong lúc bạn sửa (bạn sửa từ phiên bản {yours}); hãy tải lại — thay đổi của bạn chưa được lưu',
	routeIndex: 'phải là số thứ tự của một tuyến hoặc khu vực trong danh sách',
	patrolWriters:
		'không được phép: kế hoạch tuần tra do cán bộ lập kế hoạch, chỉ huy và quản trị viên sửa',
	positionsArray: 'phải là một mảng JSON các vị trí {unit, ts, lon, lat, accuracyM?}',
	planNotFound: 'không tìm thấy kế hoạch tuần tra {id}',
	routeNotFound: 'không tìm thấy tuyến tuần tra {id}',
	versionNotFound: 'kế hoạch không có phiên bản {version}',
	'file.at.line': 'dòng {line}',
	'file.at.feature': 'đối tượng thứ {feature}',
	'file.at.featureLine': 'đối tượng thứ {feature} (dòng {line})',
	'file.format': 'chỉ nhận tệp GeoJSON, GPX hoặc KML',
	'file.tooLarge': 'tệp quá lớn (tối đa {max} byte)',
	'file.xml': 'tệp không phải XML hợp lệ: {detail} ({where})',
	'file.json': 'tệp không phải JSON hợp lệ: {detail} ({where})',
	'file.notGeoJson': 'không phải GeoJSON: {detail} ({where})',
	'file.empty': 'tệp không có tuyến, khu vực hay điểm dừng nào',
	'file.tooMany': 'tệp có quá nhiều đối tượng (tối đa {max})',
	'file.geometryType': 'kiểu hình {type} không dùng được: chỉ nhận đường, vùng hoặc điểm ({where})',
	'file.selfIntersection': 'vùng tự cắt nhau tại {at} ({where})',
	'file.range': 'tọa độ {at} nằm ngoài phạm vi kinh độ −180…180, vĩ độ −90…90 ({where})',
	'file.swapped': 'tọa độ {at} có vẻ bị đảo thứ tự: cần kinh độ trước, vĩ độ sau ({where})',
	'file.coordinates': 'tọa độ không hợp lệ: {detail} ({where})',
	'file.attribute': 'thuộc tính {name} không hợp lệ: {detail} ({where})',
	// Administration.
	roleOneOf: 'phải là một trong: {values}',
	username: 'phải có 3–40 ký tự: chữ thường, chữ số, "_", "." hoặc "-", bắt đầu bằng chữ hoặc số',
	unitCodes: 'phải là mã đơn vị hành chính 5 chữ số',
	oneZone: 'phải có ít nhất một vùng',
	liaisonUnits: 'cán bộ phường, xã cần được giao ít nhất một phường, xã',
	leadTeam: 'tổ trưởng cần có tổ',
	trueFalse: 'phải là true hoặc false',
	days: 'phải là số ngày nguyên',
	actor: 'phải là mã hoặc tên đăng nhập của người dùng',
	action: 'phải là tên hành động, ví dụ "update" hoặc "login.*"',
	entity: 'phải là tên bảng, ví dụ "app_users"',
	before: 'phải là mã của mục cuối trang trước',
	auditHead: 'phải có dạng <số thứ tự>:<64 chữ số hex>, như lệnh audit:verify in ra',
	notVisibleEntry: 'không phải mục bạn được xem',
	noOwnZone: 'bắt buộc: bạn không có vùng nào',
	noSuchToken: 'không có khóa API này trong các vùng của bạn',
	noSuchUser: 'không có người dùng này trong các vùng của bạn',
	supabaseNoPassword: 'tài khoản này đăng nhập qua Supabase Auth, không có mật khẩu riêng',
	selfDeactivate: 'bạn không thể vô hiệu hóa tài khoản của chính mình',
	selfDemote: 'bạn không thể bỏ vai trò quản trị của chính mình',
	zoneOutOfScope: 'vùng {zone} nằm ngoài phạm vi của bạn',
	unitNotCurrent: '{unit} không phải đơn vị hành chính hiện hành của các vùng đã chọn',
	teamNotInZones: 'không phải tổ của các vùng đã chọn',
	userOutOfScope:
		'không được phép: người dùng này thuộc cả vùng ngoài phạm vi quản trị của bạn (hoặc chưa có vùng nào); chỉ quản trị viên của mọi vùng của họ mới được thay đổi',
	'password.short': 'phải có ít nhất 10 ký tự',
	'password.long': 'tối đa 200 ký tự',
	'password.username': 'không được chứa tên đăng nhập',
	'password.common':
		'là mật khẩu phổ biến hoặc quá giống một mật khẩu phổ biến; hãy dùng một cụm nhiều từ không liên quan',
	'password.product':
		'dựa trên tên của hệ thống, của vùng, địa danh hoặc người dùng; hãy dùng một cụm nhiều từ không liên quan',
	'password.keyboard':
		'là chuỗi phím liền nhau trên bàn phím (như qwerty); hãy dùng một cụm nhiều từ',
	'password.repetitive': 'lặp lại ký tự hoặc từ nên dễ đoán; hãy dùng một cụm nhiều từ khác nhau',
	'password.sequence': 'là dãy dễ đoán như abcd hay 1234; hãy dùng một cụm nhiều từ',
	'password.date': 'dựa trên ngày tháng hoặc năm nên dễ đoán; hãy thêm nhiều từ không liên quan',
	'password.words': 'chỉ là từ hoặc tên thông dụng; hãy ghép nhiều từ không liên quan',
	'password.weak': 'quá dễ đoán; hãy dùng một cụm dài hơn gồm nhiều từ không liên quan',
	// The tip line (tin báo tố giác).
	lengthBetween: 'phải có từ {min} đến {max} ký tự',
	'tip.category': 'không phải mã loại vụ việc đã biết ({known}); để trống nếu không rõ',
	'tip.tooOld': 'không được cũ hơn 1 năm',
	'tip.location': 'phải là {lon, lat} hoặc null (không rõ vị trí)',
	'tip.statuses': 'phải là "all" hoặc các trạng thái cách nhau bởi dấu phẩy: {known}',
	'tip.code': 'mã theo dõi có dạng TD-XXXX-XXXX-XXXX',
	'tip.outsideZone':
		'vị trí nằm ngoài vùng tiếp nhận tin báo; chọn điểm trong ranh giới hoặc chọn "Không rõ vị trí"',
	'tip.noZone': 'chưa có vùng nào nhận tin báo',
	'tip.rateLimited':
		'Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau khoảng {minutes} phút. Trường hợp khẩn cấp, hãy gọi 113.',
	'tip.codeNotFound': 'Không tìm thấy tin báo với mã theo dõi này. Vui lòng kiểm tra lại mã.',
	'tip.notFound': 'không tìm thấy tin báo {id}',
	'tip.final': 'tin báo đang ở trạng thái "{status}" nên không thể {action}',
	'tip.action.verify': 'chuyển sang xác minh',
	'tip.action.duplicate': 'đánh dấu trùng',
	'tip.action.reject': 'từ chối',
	'tip.action.convert': 'chuyển thành vụ việc',
	'tip.ofNotFound': 'không tìm thấy tin báo {id} trong vùng của tin này',
	'tip.ofSelf': 'một tin báo không thể trùng với chính nó',
	'tip.needCategory': 'tin báo chưa có loại vụ việc; hãy chọn loại',
	'tip.needLocation': 'tin báo chưa có vị trí; hãy cho lon và lat',
	'tip.lonOutside': 'điểm nằm ngoài ranh giới vùng',
	'tip.afterTip': 'không được sau thời điểm nhận tin báo',
	// Signing in.
	signIn: 'Cần đăng nhập',
	loginInvalid: 'Sai tên đăng nhập hoặc mật khẩu',
	loginLimited: 'Đăng nhập sai quá nhiều lần, hãy thử lại sau',
	loginInFlight:
		'Có quá nhiều lượt đăng nhập cùng lúc từ địa chỉ của bạn, hãy thử lại sau vài giây',
	hashingBusy: 'Máy chủ đang bận kiểm tra mật khẩu, hãy thử lại sau vài giây',
	bearerFormat: 'Authorization phải có dạng "Bearer <token>"',
	tokenInvalid: 'khóa API (token) không hợp lệ, đã hết hạn hoặc đã bị thu hồi',
	supabaseOff: 'Chưa cấu hình đăng nhập bằng Supabase',
	supabaseRejected: 'Phiên đăng nhập Supabase không hợp lệ hoặc đã hết hạn',
	supabaseNoAccount: 'Tài khoản Supabase này chưa được cấp quyền trong hệ thống',
	// Access, lookups and the database.
	forbidden: 'không được phép: vai trò hoặc phạm vi của bạn không cho phép việc này',
	adminsOnly: 'không được phép: chỉ dành cho quản trị viên',
	crossOrigin:
		'không được phép: yêu cầu thay đổi dữ liệu phải gửi từ chính các trang của hệ thống này, không từ trang hay cổng khác',
	busy: 'quá nhiều yêu cầu đang chạy cùng lúc (tối đa {limit}): hãy thử lại sau giây lát',
	aggregatesOnly:
		'không được phép: vai trò {role} chỉ xem số liệu tổng hợp, không xem từng vụ việc',
	cellTooSmall: 'vai trò của bạn chỉ xem số liệu tổng hợp: ô lục giác phải từ {min} m trở lên',
	zoneNotFound: 'không có vùng "{zone}"',
	noZoneInScope: 'không có vùng nào trong phạm vi của bạn',
	notFound: 'không tìm thấy',
	exists: 'đã tồn tại',
	missingRef: 'tham chiếu đến thứ không tồn tại',
	notAllowedValue: 'giá trị không được chấp nhận ({detail})',
	dbRejected: 'cơ sở dữ liệu từ chối dữ liệu ({detail})',
	dbUnavailable: 'cơ sở dữ liệu chưa sẵn sàng: {detail}',
	starting: 'cơ sở dữ liệu chưa sẵn sàng: máy chủ đang khởi động',
	liveOff: 'cập nhật trực tiếp chưa chạy',
	queryTimeout:
		'truy vấn chạy quá lâu nên đã bị dừng: hãy thu hẹp khoảng thời gian hoặc bộ lọc rồi thử lại',
	pdfUnavailable:
		'máy chủ không tạo được PDF: chưa cài Chromium ({path}) hoặc playwright-core; hãy dùng nút In của trình duyệt',
	pdfBusy: 'máy chủ đang tạo một PDF khác: hãy thử lại sau ít giây',
	// Generic answers by status (errors raised outside our handlers).
	'status.400': 'yêu cầu không hợp lệ',
	'status.401': 'Cần đăng nhập',
	'status.403': 'không được phép',
	'status.404': 'không tìm thấy',
	'status.405': 'phương thức {method} không được hỗ trợ ở địa chỉ này',
	'status.413': 'nội dung quá lớn',
	'status.415': 'kiểu nội dung không được hỗ trợ',
	'status.429': 'quá nhiều yêu cầu, hãy thử lại sau',
	'status.500': 'lỗi máy chủ',
	'status.503': 'dịch vụ tạm thời không sẵn sàng'
} as const;

export type ApiTextKey = keyof typeof VI;

const EN = {
	required: 'required',
	type: 'must be {expected}',
	'expected.string': 'text',
	'expected.number': 'a number',
	'expected.int': 'a whole number',
	'expected.boolean': 'true or false',
	'expected.object': 'a JSON object',
	'expected.array': 'an array',
	'expected.other': 'of type {expected}',
	notNull: 'must not be null',
	tooShort: 'must be at least {n} characters',
	tooLong: 'must be at most {n} characters',
	atLeast: 'must be at least {n}',
	above: 'must be greater than {n}',
	atMost: 'must be at most {n}',
	below: 'must be less than {n}',
	fewItems: 'must have at least {n} items',
	manyItems: 'must have at most {n} items',
	oneOf: 'must be one of: {values}',
	format: 'has the wrong format',
	uuid: 'must be an id (uuid)',
	invalid: 'is invalid',
	unknownField: 'unknown field',
	unknownParam: 'unknown parameter',
	once: 'must be given once',
	langParam: 'must be vi or en',
	bodyJson: 'must be JSON (content-type: application/json)',
	bodyLarge: 'larger than {max} bytes',
	bodyMalformed: 'is not valid JSON',
	unstorable: 'must not contain NUL (U+0000) or unpaired surrogate characters',
	control: 'must not contain control characters',
	nothingToChange: 'nothing to change',
	lonLat: 'lon and lat must be given together',
	bbox4: 'must be four numbers: minLon,minLat,maxLon,maxLat',
	bboxLon: 'longitude must be between -180 and 180',
	bboxLat: 'latitude must be between -90 and 90',
	bboxOrder: 'min values must be smaller than max values',
	instant:
		'must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T08:30:00+07:00 (no offset: Vietnam time)',
	dateTime:
		'must be an ISO 8601 date-time, e.g. 2026-11-01T08:30:00+07:00 (no offset: Vietnam time)',
	notRealDate: 'is not a real date or time',
	date: 'must be a date as YYYY-MM-DD',
	timeRange: 'must be between 1 January 2000 and five years from today',
	categories: 'unknown category {bad}; known: {known}',
	statuses: 'unknown status {bad}; known: {known}',
	category: 'must be a known category code',
	zoneCode: 'must be a zone code',
	wholeBetween: 'must be a whole number between {min} and {max}',
	afterFrom: 'must be later than from',
	positiveId: 'must be a positive whole number',
	userId: 'must be a user id (uuid)',
	tokenId: 'must be a token id (uuid)',
	lastEventId: 'must be a whole number',
	future: 'must not be in the future',
	outsideZone: 'the point is outside the zone; send confirmOutsideZone: true if that is right',
	statusMove: 'cannot go from "{from}" to "{to}"',
	changedMeanwhile: 'changed meanwhile; reload',
	incidentNotFound: 'incident {id} not found',
	teamLeadOnly: 'forbidden: only a team lead files team reports',
	teamHidden: 'forbidden: your team is not visible to you',
	// Patrol plans, positions and their files.
	hhmm: 'must be a time of day HH:mm (Vietnam time)',
	weekdays: 'must list days of the week, 1 (Monday) … 7 (Sunday), each once',
	shiftSameTime:
		'must differ from the start (an overnight shift such as 22:00–06:00 ends the next morning)',
	lonLatOrder: 'coordinates must be longitude (−180…180), latitude (−90…90), in that order',
	planStale:
		'the plan was saved as version {current} while you were editing it (you started from version {yours}); reload it — your change was not saved',
	routeIndex: 'must be the index of a route or area in the list',
	patrolWriters: 'forbidden: patrol plans are written by planners, commanders and administrators',
	positionsArray: 'must be a JSON array of positions {unit, ts, lon, lat, accuracyM?}',
	planNotFound: 'no patrol plan {id} in your scope',
	routeNotFound: 'no patrol route {id} in your scope',
	versionNotFound: 'the plan has no version {version}',
	'file.at.line': 'line {line}',
	'file.at.feature': 'feature {feature}',
	'file.at.featureLine': 'feature {feature}, line {line}',
	'file.format': 'only GeoJSON, GPX or KML files are accepted',
	'file.tooLarge': 'the file is too large (at most {max} bytes)',
	'file.xml': 'not a valid XML file: {detail} ({where})',
	'file.json': 'not a valid JSON file: {detail} ({where})',
	'file.notGeoJson': 'not GeoJSON: {detail} ({where})',
	'file.empty': 'the file holds no route, area or stop',
	'file.tooMany': 'the file holds too many features (at most {max})',
	'file.geometryType': 'a {type} cannot be used: only lines, polygons or points ({where})',
	'file.selfIntersection': 'the polygon crosses itself at {at} ({where})',
	'file.range': 'coordinates {at} are out of range (longitude −180…180, latitude −90…90) ({where})',
	'file.swapped': 'coordinates {at} look swapped: longitude comes first, then latitude ({where})',
	'file.coordinates': 'invalid coordinates: {detail} ({where})',
	'file.attribute': 'invalid attribute {name}: {detail} ({where})',
	roleOneOf: 'must be one of {values}',
	username:
		'must be 3–40 characters: letters, digits, "_", "." or "-", starting with a letter or digit',
	unitCodes: 'must be 5-digit administrative unit codes',
	oneZone: 'must name at least one zone',
	liaisonUnits: 'a ward liaison officer needs at least one ward or commune',
	leadTeam: 'a team lead needs a team',
	trueFalse: 'must be true or false',
	days: 'must be a whole number of days',
	actor: 'must be a user id or username',
	action: 'must be an action name such as "update" or "login.*"',
	entity: 'must be an entity (table) name such as "app_users"',
	before: 'must be the id of the last entry of the previous page',
	auditHead: 'must be <number>:<64 hex digits>, as audit:verify prints it',
	notVisibleEntry: 'is not an entry you can see',
	noOwnZone: 'is required: you have no zone of your own',
	noSuchToken: 'no such token in your zones',
	noSuchUser: 'no such user in your zones',
	supabaseNoPassword: 'this account signs in through Supabase Auth and has no local password',
	selfDeactivate: 'you cannot deactivate your own account',
	selfDemote: 'you cannot remove your own administrator role',
	zoneOutOfScope: 'zone {zone} is not in your scope',
	unitNotCurrent: '{unit} is not a current administrative unit of the zones given',
	teamNotInZones: 'is not a team of the zones given',
	userOutOfScope:
		'forbidden: this user also belongs to zones you do not administer (or to no zone yet); only an administrator of all their zones may change them',
	'password.short': 'must be at least 10 characters',
	'password.long': 'must be at most 200 characters',
	'password.username': 'must not contain the username',
	'password.common':
		'is a common password or too close to one; use a phrase of several unrelated words',
	'password.product':
		'is built on the name of this system, a zone, a place or the user; use a phrase of several unrelated words',
	'password.keyboard': 'is a row of neighbouring keys (like qwerty); use a phrase of several words',
	'password.repetitive':
		'repeats characters or words and is easy to guess; use several different words',
	'password.sequence': 'is an easy sequence such as abcd or 1234; use a phrase of several words',
	'password.date': 'is built on a date or a year and is easy to guess; add several unrelated words',
	'password.words': 'is only a common word or name; combine several unrelated words',
	'password.weak': 'is too easy to guess; use a longer phrase of several unrelated words',
	lengthBetween: 'must be {min} to {max} characters',
	'tip.category': 'is not a known incident category ({known}); leave it empty if unsure',
	'tip.tooOld': 'must not be more than a year ago',
	'tip.location': 'must be {lon, lat} or null (location unknown)',
	'tip.statuses': 'must be "all" or comma-separated statuses: {known}',
	'tip.code': 'a follow-up code looks like TD-XXXX-XXXX-XXXX',
	'tip.outsideZone':
		'the place is outside the area this tip line covers; pick a point inside the boundary or choose "Location unknown"',
	'tip.noZone': 'no zone takes tips yet',
	'tip.rateLimited':
		'Too many requests from your connection in a short time. Please try again in about {minutes} minutes. In an emergency, call 113.',
	'tip.codeNotFound': 'No tip has this follow-up code. Please check the code.',
	'tip.notFound': 'tip {id} not found',
	'tip.final': 'the tip is "{status}", so it cannot be {action}',
	'tip.action.verify': 'verified',
	'tip.action.duplicate': 'marked duplicate',
	'tip.action.reject': 'rejected',
	'tip.action.convert': 'converted',
	'tip.ofNotFound': 'tip {id} is not found in this tip’s zone',
	'tip.ofSelf': 'a tip cannot duplicate itself',
	'tip.needCategory': 'the tip has no category; choose one',
	'tip.needLocation': 'the tip has no location; give lon and lat',
	'tip.lonOutside': 'the point is outside the zone boundary',
	'tip.afterTip': 'must not be later than when the tip was received',
	signIn: 'Sign in first',
	loginInvalid: 'Wrong username or password',
	loginLimited: 'Too many failed sign-ins; try again later',
	loginInFlight: 'Too many sign-ins at once from your address; try again in a few seconds',
	hashingBusy: 'The server is busy checking passwords; try again in a few seconds',
	bearerFormat: 'Authorization must be "Bearer <token>"',
	tokenInvalid: 'token is invalid, expired or revoked',
	supabaseOff: 'Signing in with Supabase is not configured',
	supabaseRejected: 'The Supabase sign-in is invalid or has expired',
	supabaseNoAccount: 'This Supabase account has no access to this system',
	forbidden: 'forbidden: your role or scope does not allow this',
	adminsOnly: 'forbidden: administrators only',
	crossOrigin:
		'forbidden: a request that changes data must come from this application’s own pages, not from another site, origin or port',
	busy: 'too many requests in progress at once (at most {limit}): try again in a moment',
	aggregatesOnly: 'forbidden: the {role} role sees aggregates only, not incident rows',
	cellTooSmall: 'your role sees aggregates only: hexagons must be at least {min} m',
	zoneNotFound: 'zone "{zone}" does not exist',
	noZoneInScope: 'no zone is in your scope',
	notFound: 'not found',
	exists: 'already exists',
	missingRef: 'refers to something that does not exist',
	notAllowedValue: 'is not allowed ({detail})',
	dbRejected: 'rejected by the database ({detail})',
	dbUnavailable: 'database unavailable: {detail}',
	starting: 'database unavailable: the server is starting',
	liveOff: 'live updates are not running',
	queryTimeout:
		'the query ran too long and was stopped: narrow the period or the filters and try again',
	pdfUnavailable:
		"the server cannot produce the PDF: Chromium ({path}) or playwright-core is not installed; use the browser's Print button",
	pdfBusy: 'the server is producing another PDF: try again in a few seconds',
	'status.400': 'bad request',
	'status.401': 'Sign in first',
	'status.403': 'forbidden',
	'status.404': 'not found',
	'status.405': 'method {method} is not allowed here',
	'status.413': 'request too large',
	'status.415': 'unsupported content type',
	'status.429': 'too many requests; try again later',
	'status.500': 'internal error',
	'status.503': 'service temporarily unavailable'
} as const satisfies Translation<typeof VI>;

const words = /* @__PURE__ */ defineWords(VI, { en: EN });

/** The arguments after the key: the message's own placeholders (see `ParamArgs`). */
export type ApiTextArgs<K extends ApiTextKey> = ParamArgs<typeof VI, K>;
export type TextParams = Params;

/** A message in the caller's language with `{name}` placeholders filled in. */
export function apiText<K extends ApiTextKey>(
	lang: Lang,
	key: K,
	...params: ApiTextArgs<K>
): string {
	return words.text(lang, key, ...params);
}

export function isApiTextKey(key: string): key is ApiTextKey {
	return words.has(key);
}

/** Every language's dictionary (for the completeness test). */
export function apiTextDictionaries() {
	return words.dictionaries;
}

// Markers in schema messages ----------------------------------------------------------------------

const MARK = '§';

/** A schema message that is translated when the refusal is answered: `.regex(re, msg('date'))`. */
export function msg<K extends ApiTextKey>(key: K, ...params: ApiTextArgs<K>): string {
	const [values] = params;
	return values ? `${MARK}${key}${MARK}${JSON.stringify(values)}` : `${MARK}${key}`;
}

/**
 * A schema's own message for a value that is present but wrong; a missing one stays "required".
 * `z.enum(CODES, orRequired('category'))`.
 */
export function orRequired<K extends ApiTextKey>(key: K, ...params: ApiTextArgs<K>) {
	const message = msg(key, ...params);
	return {
		error: (iss: { input?: unknown }) => (iss.input === undefined ? undefined : message)
	};
}

/** Translates a marker made by `msg`; any other text (already in the caller's language) is kept. */
export function localize(lang: Lang, message: string): string {
	if (!message.startsWith(MARK)) return message;
	const [key = '', json] = message.slice(MARK.length).split(MARK, 2);
	if (!isApiTextKey(key)) return message;
	let params: TextParams = {};
	try {
		params = json ? (JSON.parse(json) as TextParams) : {};
	} catch {
		// Never happens with msg(); the message is still better than nothing without its values.
	}
	return apiText(lang, key, params);
}

// Zod's own issues -------------------------------------------------------------------------------

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

/** Our wording for an issue the schema gave no message of its own, by issue code. */
function issueText(lang: Lang, iss: RawIssue): string {
	const n = (v: unknown) => ({ n: typeof v === 'bigint' ? Number(v) : (v as number) });
	// A missing field: Zod reports invalid_type, or invalid_value for enums and literals.
	if (iss.input === undefined && (iss.code === 'invalid_type' || iss.code === 'invalid_value'))
		return apiText(lang, 'required');
	switch (iss.code) {
		case 'invalid_type': {
			if (iss.input === null) return apiText(lang, 'notNull');
			const key = `expected.${iss.expected}`;
			const expected = isApiTextKey(key)
				? apiText(lang, key)
				: apiText(lang, 'expected.other', { expected: String(iss.expected) });
			return apiText(lang, 'type', { expected });
		}
		case 'too_small':
			if (iss.origin === 'string') return apiText(lang, 'tooShort', n(iss.minimum));
			if (iss.origin === 'array' || iss.origin === 'set')
				return apiText(lang, 'fewItems', n(iss.minimum));
			return apiText(lang, iss.inclusive === false ? 'above' : 'atLeast', n(iss.minimum));
		case 'too_big':
			if (iss.origin === 'string') return apiText(lang, 'tooLong', n(iss.maximum));
			if (iss.origin === 'array' || iss.origin === 'set')
				return apiText(lang, 'manyItems', n(iss.maximum));
			return apiText(lang, iss.inclusive === false ? 'below' : 'atMost', n(iss.maximum));
		case 'invalid_value':
			return apiText(lang, 'oneOf', { values: iss.values.map(String).join(', ') });
		case 'invalid_format':
			return apiText(lang, iss.format === 'uuid' ? 'uuid' : 'format');
		case 'unrecognized_keys':
			return apiText(lang, 'unknownField');
		default:
			return apiText(lang, 'invalid');
	}
}

/**
 * The per-parse error map: `schema.safeParse(data, zodErrors(lang))`. A message set in the
 * schema wins over it (Zod's precedence), and is translated later by `localize`.
 */
export function zodErrors(lang: Lang): { error: z.core.$ZodErrorMap } {
	return { error: (iss) => issueText(lang, iss) };
}

/**
 * The first problem of a failed parse as `{ field, message, text }`: `message` names the field
 * (`category: bắt buộc`), `text` is the same without it. An unknown key is named as the field
 * itself.
 */
export function firstIssue(
	lang: Lang,
	error: z.ZodError | z.core.$ZodError,
	unknownKey: 'unknownField' | 'unknownParam' = 'unknownField',
	whole = 'body'
): { field: string; message: string; text: string } {
	const issue = error.issues[0]!;
	if (issue.code === 'unrecognized_keys') {
		const key = String(issue.keys[0]).slice(0, 40);
		const text = apiText(lang, unknownKey);
		return { field: key, message: `${key}: ${text}`, text };
	}
	const field = issue.path.length ? issue.path.map(String).join('.').slice(0, 80) : whole;
	const text = localize(lang, issue.message);
	return { field, message: `${field}: ${text}`, text };
}
