#!/usr/bin/env node
/**
 * Deterministic benchmark corpus generator for errenrich.
 *
 * Produces a realistic mix of container log lines (Docker json-file, CRI/containerd, kubectl
 * output with and without --timestamps/--prefix, NDJSON app logs, plain text) in which about 5%
 * of the log events carry a Chinese public-cloud API error (Tencent TKE/CKafka, Huawei CCI,
 * NetEase) in one of many shapes, and about 10% are decoys that look similar but must not be
 * detected. A ground-truth NDJSON file lists every vendor error event:
 *
 *   {"line":<1-based first line>,"lines":<lines spanned>,"vendor":"tencent|huawei|netease","code":"<code>"}
 *
 * `code` is the payload's primary code, as a string: Error.Code / Code= / code: for Tencent API 3.0
 * and the SDKs, the numeric `code` for Tencent legacy ("4000" for {"code":4000,"message":"(10011)…"},
 * "-16009" for {"code":-16009,…}), errorCode / error_code for Huawei, the 7-digit code for NetEase.
 * `line`..`line+lines-1` covers exactly the payload: Docker partial records and CRI P/F pieces of a
 * split line, every line of pretty-printed JSON, every line of a message with embedded newlines.
 * Context lines before the payload ("… response:", Python traceback lines) and Java stack frames
 * after it are not included.
 *
 * Same seed + same size => byte-identical corpus and truth, independent of the batch size.
 * Plain ESM JavaScript, node:* only. Memory is constant: output is produced in ~1 MiB batches.
 *
 * CLI:    node scripts/bench/generate-corpus.mjs --seed 42 --mb 200 --out bench-out/corpus.log --truth bench-out/truth.ndjson
 * Module: import { generateCorpus, writeCorpus } from './scripts/bench/generate-corpus.mjs'
 *         for await (const { corpus, truth } of generateCorpus({ seed: 42, bytes: 2 << 20 })) { ... }
 *         const stats = await generateCorpus({ seed: 42, bytes: 2 << 20, onChunk: async ({ corpus, truth }) => { ... } });
 *         const stats = await writeCorpus({ seed: 42, bytes: 200 << 20, out: 'corpus.log', truth: 'truth.ndjson' });
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { runAsMain } from './run-as-main.mjs';
import { FLAG, parseOptions, text } from './parse-args.mjs';

// Target mix, per log event (a log event is one logical record: one line, a multi-line message, or
// a long line split into partial records).
export const ERROR_RATE = 0.05;
export const DECOY_RATE = 0.1;
/** Share of normal events that are one very long (>16 KiB) line; Docker/CRI split these. */
export const LONG_LINE_RATE = 0.002;
/** Share of error events that sit at the end of a very long line. */
export const LONG_ERROR_RATE = 0.01;
/** Docker json-file and containerd split log lines at 16 KiB of content. */
export const RUNTIME_SPLIT_BYTES = 16 * 1024;
export const DEFAULT_BATCH_BYTES = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Vendor codes, extracted from data/sources/*.md (tab separated). Embedded so that the corpus for a
// given seed does not change when the documents are re-synced.
// TKEV3: code, 说明 | TKELEGACY: code, 说明 | CKPUBLIC: code, 说明
// CKMODULE: public code, module code, English text, 说明 | CCI: http, code, message, 描述 | NETEASE: code, message
const TKEV3 = `
AuthFailure.InvalidSecretId	密钥非法（不是云 API 密钥类型）。
AuthFailure.MFAFailure	MFA 错误。
AuthFailure.SecretIdNotFound	密钥不存在。 请在控制台检查密钥是否已被删除或者禁用，如状态正常，请检查密钥是否填写正确，注意前后不得有空格。
AuthFailure.SignatureExpire	签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。
AuthFailure.SignatureFailure	签名错误。 签名计算错误，请对照调用方式中的接口鉴权文档检查签名计算过程。
AuthFailure.TokenFailure	token 错误。
AuthFailure.UnauthorizedOperation	请求未授权。请参考 CAM 文档对鉴权的说明。
DryRunOperation	DryRun 操作，代表请求将会是成功的，只是多传了 DryRun 参数。
FailedOperation	操作失败。
InternalError	内部错误。
InvalidAction	接口不存在。
InvalidParameter	参数错误。
InvalidParameterValue	参数取值错误。
LimitExceeded	超过配额限制。
MissingParameter	缺少参数错误。
NoSuchVersion	接口版本不存在。
RequestLimitExceeded	请求的次数超过了频率限制。
ResourceInUse	资源被占用。
ResourceInsufficient	资源不足。
ResourceNotFound	资源不存在。
ResourceUnavailable	资源不可用。
UnauthorizedOperation	未授权操作。
UnknownParameter	未知参数错误。
UnsupportedOperation	操作不支持。
UnsupportedProtocol	HTTP(S)请求协议错误，只支持 GET 和 POST 请求。
UnsupportedRegion	接口不支持所传地域。
InternalError.AccountUserNotAuthenticated	账户未通过认证。
InternalError.CidrConflictWithOtherCluster	CIDR和其他集群CIDR冲突。
InternalError.CidrConflictWithOtherRoute	CIDR和其他路由冲突。
InternalError.CidrConflictWithVpcCidr	CIDR和vpc冲突。
InternalError.CidrConflictWithVpcGlobalRoute	CIDR和全局路由冲突。
InternalError.CidrInvali	CIDR无效。
InternalError.CidrMaskSizeOutOfRange	CIDR掩码无效。
InternalError.CreateMasterFailed	创建集群失败。
InternalError.CvmCommon	cvm创建节点报错。
InternalError.Db	db错误。
InternalError.DbAffectivedRows	DB影响函数错误。
InternalError.InitMasterFailed	初始化master失败。
InternalError.InvalidPrivateNetworkCidr	无效CIDR。
InternalError.Param	Param。
InternalError.PublicClusterOpNotSupport	集群不支持当前操作。
InternalError.QuotaMaxClsLimit	超过配额限制。
InternalError.QuotaMaxNodLimit	超过配额限制。
InternalError.UnexceptedInternal	UnexceptedInternal。
InternalError.VpcCommon	VPC报错。
InternalError.VpcRecodrNotFound	未发现vpc记录。
`;
const TKELEGACY = `
-10000	参数错误
-10010	不是合法 CIDR
-10011	与集群网络所在 VPC CIDR 冲突
-10013	与同 VPC 其它集群 CIDR 冲突
-10014	CIDR 大小超出范围
-10015	不是合法的私有网段
-10019	试图获取异常状态集群
-10021	创建 ingress 失败
-10022	service 类型错误
-10023	转发规则不合法
-16013	服务不存在
-16009	集群不存在
-16015	使用 CBS 盘的服务不支持实例扩展
-16016	挂载 CBS 盘失败
-150001	VPC 信息不匹配
-160004	待操作的资源在 kubernetes 中不存在
-160005	集群节点 notReady
-130001	集群 CVM 机型配置错误或 CVM 配额不足
-120000	购买异常
-120001	余额不足
-200001	任务进行中，请稍后再试
-222209	集群伸缩任务正在处理中
-222214	伸缩组名称已存在
-222215	配置名称已存在
-222216	集群版本不支持集群伸缩
-222301	机型配置未找到
-800200	该账号没有实名认证
-222218	超过伸缩组最大值限制
-20001	未查询到相关信息
`;
const CKPUBLIC = `
4000	请求参数非法
4100	身份认证失败
4101	未授权访问接口
4102	未授权访问资源
4103	未授权访问当前接口所操作的资源
4104	密钥不存在
4105	token 错误
4106	MFA 校验失败
4110	其他 CAM 鉴权失败
4300	拒绝访问
4400	超过配额
4500	重放攻击
4600	协议不支持
5000	资源不存在
5100	资源操作失败
5200	资源购买失败
5300	余额不足
5400	部分执行成功
5500	用户资质审核未通过
6000	服务器内部错误
6100	版本暂不支持
6200	接口暂时无法访问
`;
const CKMODULE = `
4000	9003	invalid request parameters	请求参数非法
4000	10000	vpcid not exist	VPC 不存在
4000	10001	subnetId not exist	子网 ID 不存在
4000	10004	not support zone	不支持该地域
4100	10005	subnet not belong to zone	子网不属于该 zone
5000	10006	instance not exist	实例不存在
4000	10007	instance number exceed limits	该账号实例数已经超过限制
5100	10003	ckafka db error	内部错误
5100	9093	vpc cgw errror	内部错误
5100	9035	oss error	内部错误
4000	10010	topic name invalid	主题名称非法
4000	10011	topic name exist	主题已存在
4000	10012	topic not exist	主题不存在
4000	10013	enablewhitelist invalie error	白名单非法
4000	10014	partition num invalid error	分区数目非法
4000	10015	replica num invalid error	副本数目非法
4000	10002	instance by num exceed limits	购买数量超过限制
4000	10016	topicname in delete	主题删除中
4000	9001	interface not exist	接口不存在
4000	10022	relnew flag not support	该续费模式不支持
4000	10021	instance by type not support	该购买规格不支持
4000	10017	task id not exist	任务不存在
4102	10024	AuthenticationFailed	无权限
4000	10025	route not exist	路由不存在
5100	10023	ckafka trade error	内部错误
4000	10018	您的 topic/partition 已经达到实例上限，请升级实例增加配额。	分区或主题数目已达实例上限，请升配
4000	1049	消费分组不为空，不能进行消费重置	句柄非法
4000	1000	invalid request parameters	参数错误
`;
const CCI = `
400	CCI.01.400101	request body error	请求错误: 请求体不合法
400	CCI.01.400102	provide namespace requested	查询namespace详情失败：未指定待查询的namespace
400	CCI.01.400103	missing user token in the request header	创建网络失败：请求头未携带最终用户的token:X-User-Token
400	CCI.01.400104	no agency quota found from iam，please enlarge your quota	委托配额不足，请到配额中心申请调整配额
400	CCI.01.400105	must specify namespace name through fieldSelector, example: fieldSelector=metadata.name=namespaceName	必须通过fieldSelector来指定namespace名称，例如：fieldSelector=metadata.name=namespaceName
400	CCI.01.400106	volume import:request body error	卷导入接口的请求体不合法
400	CCI.01.400107	enterprise id not valid	企业项目id不合法
400	CCI.01.400201	subnet cidr subnet inavlid：within the coverage of VPC, and no more subnets overlap	子网cidr非法：在vpc的覆盖范围内，不和其他的子网重叠
400	CCI.01.400202	project id in network request body invaild	创建网络失败：请求体的Annotation中未携带project_id
400	CCI.01.400301	storage type parametre invaild : nfs/obs/bs	存储类型参数错误，当前支持的存储类型有:nfs、obs和bs
400	CCI.01.400302	storage volume id format invaild: the beginning and end of a numeric letter, which may contain an underline in the middle of the numeric letter	存储卷id格式非法：数字字母的开头和结尾，数字字母的中间可以包含下划线
400	CCI.01.400303	storage volume id len invaild：no bigger than 64	存储卷id长度非法：最大长度为64
400	CCI.01.400304	storage request body invaild	释放存储卷失败：delete_volume字段不合法
400	CCI.01.400305	storage volume not avalible	导入存储卷失败：存储卷状态异常
400	CCI.01.400306	storage volume is not found	导入存储卷失败：指定的存储卷不存在
400	CCI.01.400307	nfs storage class type err,use “nfs-rw”	导入存储卷失败：指定的nfs存储的storageclass不支持，当前支持：nfs-rw
400	CCI.01.400308	storage volume type err ,avalible: sas/ssd/sata	导入存储卷失败：存储规格不支持，支持的规格为:sas、ssd和sata
400	CCI.01.400309	storage volume already provisioned	导入存储卷失败：当前卷已经被导入
400	CCI.01.400401	invalid billing request body: unsupported billing status	billing接口失败：不支持的status字段
400	CCI.01.400402	invalid billing request body: unsupported billing resource type	billing接口失败：不支持的resource type字段
400	CCI.01.400403	invalid billing request user: inner user can not be freeze or unfreeze	billing接口失败：不支持操作内部租户
400	CCI.01.400404	invalid billing request body: resourceinfos can not match scene	billing接口失败：不支持的scene字段
500	CCI.01.500101	find no cluster endpoint for namespace xxx from icluster response header	通过namespace查询集群地址失败
403	CCI.01.403101	only gpu beta users can use gpu in cci	请求出错：未申请GPU公测
403	CCI.01.403102	only obs beta users can use obs in cci	请求出错：未申请OBS公测
403	CCI.01.403103	user's token can not match auth token for resourceUser's	鉴权出错： token中domain与请求domain不匹配
403	CCI.01.403104	current user has no right	鉴权出错：用户无权限进行当前操作
403	CCI.01.403105	insufficient operation permission, require cci:namespace:create	创建命名空间失败，您可能没有cci:namespace:create权限
403	CCI.01.403106	insufficient operation permission, require cci:namespace:delete	删除命名空间失败，您可能没有cci:namespace:delete权限
403	CCI.01.403107	insufficient operation permission, require cci:namespace:update	更新命名空间失败，您可能没有cci:namespace:update权限
403	CCI.01.403108	insufficient operation permission, require cci:namespace:get	获取命名空间失败，您可能没有cci:namespace:get权限
403	CCI.01.403109	insufficient operation permission, require cci:namespace:list	获取命名空间列表失败，您可能没有cci:namespace:list权限
403	CCI.01.403110	insufficient operation permission, require cci:namespaceSubResource:create	创建资源失败，您可能没有cci:namespaceSubResource:create权限
403	CCI.01.403111	insufficient operation permission, require cci:namespaceSubResource:delete	删除资源失败，您可能没有cci:namespaceSubResource:delete权限
403	CCI.01.403112	insufficient operation permission, require cci:namespaceSubResource:update	更新资源失败，您可能没有cci:namespaceSubResource:update权限
403	CCI.01.403113	insufficient operation permission, require cci:namespaceSubResource:get	获取资源失败，您可能没有cci:namespaceSubResource:get权限
403	CCI.01.403114	insufficient operation permission, require cci:namespaceSubResource:list	获取资源列表失败，您可能没有cci:namespaceSubResource:list权限
404	CCI.01.404101	no agency found for user	请求出错：查找的授信关系不存在
401	CCI.01.401102	user has no agency to cci，please apply a agency to cci	请求失败，请先授信CCI服务
403	CCI.04.403112	Chart must have same name and version with original chart	更新模板失败：模板版本和名称必须与原始模板一致
403	CCI.04.403124	The official charts is forbidden to be downloaded	下载模板错误：官方模板禁止下载
403	CCI.04.403125	Chart is used, can't deleted	模板删除失败：有应用使用了该模板
403	CCI.04.403126	The chart is deprecated, please select a higher version	当前选择的模板版本已废弃，请选择更新的版本
403	CCI.04.403129	Only addon charts have readme.md now, the target chart is not an addon chart	操作失败，readme.md关联的不是插件模板
403	CCI.04.403130	Not allowed to update chart belong to other tenant	请求失败：禁止操作其他用户的模板
403	CCI.04.403131	Update release is forbidden:The status of release is not DEPLOYED or FAILED	更新失败：当前应用状态不支持更新，安装成功/失败的应用支持更新
400	CCI.04.400104	Validate chart version failed	请求失败：模板版本不合法，版本格式要求：长度不大于64位且需满足SemVer语义化版本控制规范。正确示例：1.0.0、1.0.0-alpha、1.0.0-alpha+001
400	CCI.04.400105	the ID should not be empty	模板ID不能为空
400	CCI.04.400111	Only addon allowed	请求失败：该请求只支持插件模板
400	CCI.04.400112	the length of ID is more than 64	请求失败：模板ID长度超过最大64位限制
400	CCI.04.400113	Chart ID format is Invalid, must match the regex	请求失败：模板ID格式出错
400	CCI.04.400118	Validate chart failed	请求失败：模板文件格式错误，文件后缀名必须是"tgz"，默认最大长度为2兆
400	CCI.04.400119	Chart file not found	请求失败: 模板文件内容为空
400	CCI.04.400121	Chart format is invalid,Chart package name and version must be same with chart name and version	模板包格式错误，模板包名称和版本必须与模板名称和版本一致
400	CCI.04.400126	No target version selected, select one please	请求失败：未指定插件版本
400	CCI.04.400131	Unsupport language	删除readme文件出错：请求参数的语言模式不正确，当前仅支持中文和英文
400	CCI.04.400201	Invalid release name	请求失败：实例名称不能为空
400	CCI.04.400202	Release name length error	请求失败：实例名长度超过24限制
400	CCI.04.400203	Release name not match regex	请求失败：实例名不符合格式要求。格式要求：字母开头，字母/数字结尾，中间支持字母、数字和中划线
400	CCI.04.400214	The update action must be either upgrade or rollback	更新应用失败: 请求的action不合法，支持：upgrade和rollback
400	CCI.04.400218	Invalid release version	请求失败：请求的version字段不合法
400	CCI.04.400302	Failed to Unmarshal	请求失败，请检查body格式是否正确
400	CCI.04.400304	The request body is too large	请求失败：模板包超过了2M的最大限制
400	CCI.04.400306	Validate chart package failed	校验模板包格式时发生错误，请检查模板中yaml文件格式是否正确
404	CCI.04.404204	Release not found	请求失败：查询的应用不存在
409	CCI.04.409112	The chart is already existed in database	模板上传失败，模板名字已存在
409	CCI.04.409123	The chart name is conflict with public charts	模板上传失败，模板名与官方模板名冲突
409	CCI.04.409213	Release already exists in this cluster	创建实例失败，实例名称重复
400	CCI.02.400101	ummarshal ERROR：BadNamespaceRequestBody	创建namespace失败：请求结构体错误
400	CCI.02.400102	get service account tenant name failed	资源租户获取租户名失败:资源租户不在白名单内
400	CCI.02.400103	Unsupported Content Type	请求携带文本类型错误
400	CCI.02.400104	ummarshal ERROR：BadQuotaRequestBody	创建配额失败：请求结构体错误
400	CCI.02.400105	update quotas failed	配额更新失败
400	CCI.02.400106	used namespaces exceeds quota, could not create any more	创建namespace失败：namespace配额不足
400	CCI.02.400107	delete namespace failed, namespace is empty	删除namespace失败：namespace为空，无法删除
400	CCI.02.400108	get flavor info by name failed,flavor name is empty	通过name查询flavor信息失败：name字段为空
400	CCI.02.400109	Create namespace failed: NamespaceNameInvalid	创建namespace失败：Name字段不合法
400	CCI.02.400110	Create namespace failed: NamespaceFlavorInvalid	创建namespace失败：Flavor字段不合法
400	CCI.02.400111	Create namespace failed: NamespaceFlavorMissed	创建namespace失败：Flavor字段为空
400	CCI.02.400112	Create namespace failed: NamespaceDomainIDMissed	创建namespace失败：DomainID字段为空
400	CCI.02.400113	Create namespace failed: NamespaceProjectIDMissed	创建namespace失败：ProjectID字段为空
400	CCI.02.400114	Get namespace failed: NamespaceProjectIDMissed	查询namespace失败：ProjectID字段为空
400	CCI.02.400116	Get available cluster info from resourcemanager failed: NoAllocatedCluster	创建namespace失败：当前集群资源不足，请稍后重试
400	CCI.02.400117	Get namespace failed: PaginationParameterInvalid	查询namespace失败：分页参数不合法
400	CCI.02.400118	Create namespace failed: EnterpriseProjectIDEmpty	创建namespace失败：企业项目ID为空
400	CCI.02.400119	Create namespace failed: EnterpriseProjectNotSupported	创建namespace失败：不支持设置企业项目
404	CCI.02.404101	flavor not found	查询flavor信息失败：请求flavor不存在
404	CCI.02.404102	resourcequota not found	查询资源配额信息失败：请求资源配额不存在
404	CCI.02.404103	quota not found	查询配额信息失败：请求配额不存在
409	CCI.02.409101	namespace name is already exist	创建namespace失败：namespace名称已存在
409	CCI.02.409102	Failed to migrate the namespace	迁移namespace失败：namespace已属于专属节点
500	CCI.03.500102	Internal error	内部错误：与CSB交互时出错
500	CCI.03.500101	Return error	返回出错：返回体JSON转换失败
500	CCI.03.500002	Database request error	数据库请求出错
500	CCI.03.500001	An internal processing error occurs	内部处理错误
400	CCI.03.400105	Request error	请求错误：未携带套餐包信息
400	CCI.03.400106	Request failed	请求失败：当前用户无权购买该套餐包
400	CCI.03.400107	Request failed	请求失败：当前用户购买该套餐包总数已达上限
400	CCI.03.400108	Request failed	请求失败：当前用户指定周期内购买该套餐包数量已达上限
400	CCI.02.400122	Failed to migrate the namespace.	迁移namespace失败：namespace状态异常
400	CCI.02.400121	Failed to migrate the namespace.	迁移namespace失败：namespace下无可用专属节点
400	CCI.03.400109	Request failed	请求失败：该套餐包剩余可购买数量不足
400	CCI.02.400120	Failed to migrate the namespace.	迁移namespace失败：按需弹性承载参数不合法
400	CCI.03.400110	Request failed	请求失败：无效的活动套餐包
400	CCI.03.400111	Request failed	请求失败：活动ID无效，可能为空或字段过长
400	CCI.03.400001	The request does not carry a token	请求未携带token
400	CCI.03.400101	Request error	请求错误：请求体不合法
400	CCI.03.400102	Request error	请求错误：请求体JSON解析失败
400	CCI.03.400103	Request failed	请求失败：Token缺失用户信息
400	CCI.03.400104	Request failed	请求失败：无效的POC套餐包
`;
const NETEASE = `
4000001	Invalid parameters.
4000002	Missing parameters.
4000111	fail.
4000112	Missing param.
4000113	Param invalid.
4000115	Param microservice name format invalid.
4000117	Param replicas size invalid.
4000119	Param spec info invalid.
4000120	Param container desc length out of range.
4000121	Param container name format invalid.
4000123	Param env size out of limit.
4000124	Param env key format invalid.
4000125	Param env value format invalid.
4000126	Param cmd lengh out of range.
4000127	Param log dir size out of limit.
4000128	Param log dir too long.
4000130	Param CPU weight invalid.
4000131	Param memory weight invalid.
4000133	Param volue info invalid.
4000134	Param port map invalid.
4000135	Param public network info invalid.
4000136	Param ssh key invalid.
4000137	Param disk type invalid.
4000139	Port map size already up to limit.
4000145	Update microservice fail.
4000146	Update volume info fail.
4000149	Exist container doesn't belong to microservice in given param.
4000150	Param minReadySeconds out of range, 1-600s.
4000199	System busy, please try again later.
4000201	Invalid cloud volume parameters.
4000202	Missing cloud volume parameters.
4000213	Param invalid.
4000299	System busy, please try again later.
4000301	Params invalid
4000302	Missing param
4000401	Invalid parameters
4000402	Missing parameters
4000403	Invalid request body
4000450	Invalid path
4000451	Invalid serverName
4000452	CertId not found
4000453	Invalid listener protocol
4000454	Invalid listener port
4000455	Invalid listener status
4000458	Invalid servicePort
4000459	Namspace not found
4000460	Invalid parameter type
4000464	Invalid chargeMode
4000465	Invalid bandwidthLimit
4000466	Invalid lbName
4000482	Invalid description
4000469	Loadbalancer quota insufficient
4000470	Listener quota insufficient
4000471	Cluster quota inisufficient
4000472	Invalid policy
4000411	Cert name is missing
4000412	Cert format is invalid
4000413	Cert num exceed limit
4000414	Invalid cert name
4000511	fail.
4010001	Unauthorized user.
4030001	Api freq out of limit.
4030002	Container quota insufficient.
4030003	Ip quota insufficient.
4030004	App quota insufficient.
4030005	Replication quota insufficient.
4030006	Nlb quota insufficient.
4030007	Image quota insufficient.
4030008	Tag quota insufficient.
4030009	User status abnormal.
4030010	Container status abnormal.
4030011	App status abnormal.
4030012	Image status abnormal.
4030013	Secret key count limit.
4030140	Favoriate repository changed to be private.
4030142	Stateful microservice can't update.
4030143	Nothing to update.
4030144	Microservice can't update in current state.
4030147	Frozen fee fail.
4030148	Account balance is insufficient.
4030151	Microservice can't be changed between repository.
4030152	Stateless microservice can't be restarted.
4030153	Microservice can't operate in current state.
4030201	Balance insufficient.
4030202	Cloud volume status abnormal.
4030258	Volume can't operate in current state.
4030301	Balance insufficient
4030302	Quota insufficient
4030401	Action forbidden
4030410	Cert is using
4030411	IP is using
4030432	User balance is not enough
4030462	Loadbalancer is creating
4030503	your balance is insufficient.
4040114	No such namespace.
4040118	No such spec.
4040129	No such image.
4040141	No such microservice.
4040001	No such user.
4040002	No such container.
4040003	No such app.
4040004	No such repository.
4040005	No such secret key.
4040006	No such api.
4040201	No such cloud volume.
4040301	No such user
4040302	No such IP
4040401	No such resource
4040402	No such loadbalancer
4040410	No such cert
4040456	No such listener
4040412	No such IP
4050001	Http method not allowed.
4080001	Request timeout.
4090001	Duplicate container name.
4090002	Duplicate replication size.
4090003	Duplicate app name.
4090004	Duplicate secret key name.
4090005	Duplicate repository name.
4090132	Duplicate volume info.
4090138	Duplicate log directory.
4090116	Duplicate microservice name.
4090122	Duplicate container name.
4090201	Duplicate cloud volume name.
4090401	Duplicate resource
4090483	Duplicate loadbalancer name
4090451	Duplicate serverName
4090457	Duplicate forward rule
4090467	Duplicate path
4090480	Duplicate listener
4090410	Duplicate cert name
4150001	Unsupported media type.
4220001	Unprocessable entity.
5000001	Create container error.
5000002	Delete container error.
5000003	Create app error.
5000004	Delete app error.
5000005	Create secret key error.
5000006	Delete secret key error.
5000007	Nce internal server error.
5000300	Server Error
5000301	Create IP fail
5000302	Delete IP fail
5000303	IP not enough
5000400	Server error
5000401	List loadbalancers error
5000402	Create loadbalancer error
5000403	Describe loadbalancer error
5000404	Update loadbalancer error
5000405	Delete loadbalancer error
5000406	Get listener error
5000407	Add listener error
5000408	Update listener error
5000409	Delete listener error
5000410	List certs error
5000411	Upload cert error
5000412	Update cert error
5000413	Delete cert error
5000500	create failed.
`;

function table(text) {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

const TC_V3 = table(TKEV3).map(([code, zh]) => ({ code, zh }));
const TC_TKE_LEGACY = table(TKELEGACY).map(([code, zh]) => ({ code, zh }));
const TC_PUBLIC = table(CKPUBLIC).map(([code, zh]) => ({ code, zh }));
const TC_CKAFKA = table(CKMODULE).map(([pub, mod, en, zh]) => ({ pub, mod, en, zh }));
const HW_CCI = table(CCI).map(([http, code, msg, zh]) => ({ http: Number(http), code, msg, zh }));
const NE_CODES = table(NETEASE).map(([code, msg]) => ({ code, msg }));

// Well-formed codes that are not in the seed documents: a detector must still find them.
const TC_V3_UNKNOWN = [
  { code: 'ResourceNotFound.ClusterNotFound', en: (r) => `Cluster ${tcId(r, 'cls')} does not exist.` },
  { code: 'FailedOperation.ClusterStateInvalid', en: () => 'The cluster status does not allow this operation.' },
  { code: 'ResourceUnavailable.ClusterInAbnormalStat', en: () => '集群状态异常，请稍后重试。' },
  { code: 'LimitExceeded.NodePoolQuota', en: () => 'The number of node pools exceeds the quota limit.' },
  { code: 'OperationDenied.ClusterInDeletionProtection', en: () => 'The cluster is in deletion protection.' },
];
const HW_UNKNOWN = [
  { http: 400, code: 'CCI.01.400999', msg: 'request parameter invalid' },
  { http: 500, code: 'CCI.02.500107', msg: 'Get available cluster info failed' },
  { http: 403, code: 'CCI.05.403101', msg: 'Insufficient permission for the operation' },
];
const NE_UNKNOWN = [
  { code: '4040999', msg: 'No such volume snapshot.' },
  { code: '5000600', msg: 'Internal server error.' },
];
// Huawei API gateway codes (documented by Huawei, referenced from the CCI document; not a seed).
const HW_APIGW = [
  { http: 404, code: 'APIGW.0101', msg: 'The API does not exist or has not been published in the environment.' },
  { http: 401, code: 'APIGW.0301', msg: 'Incorrect IAM authentication information: decrypt token fail' },
  { http: 403, code: 'APIGW.0302', msg: 'The IAM user is not authorized to access the API.' },
  { http: 401, code: 'APIGW.0303', msg: 'Incorrect app authentication information: app not found' },
  { http: 429, code: 'APIGW.0308', msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second' },
];

// English messages the Tencent API returns for common codes (the document only has Chinese text).
const TC_EN = {
  'AuthFailure.SignatureFailure': () => 'The provided credentials could not be validated. Please check your signature is correct.',
  'AuthFailure.SignatureExpire': (r, g) =>
    `Signature expired. Timestamp ${g.clk.sec - 301 - r.int(9000)} is past the 300-second validity window. Please check the local time.`,
  'AuthFailure.SecretIdNotFound': () => 'The SecretId is not found, please ensure that your SecretId is correct.',
  'AuthFailure.InvalidSecretId': () => 'Invalid key (not TencentCloud API key type).',
  'AuthFailure.TokenFailure': () => 'The provided Token is invalid or expired.',
  'AuthFailure.UnauthorizedOperation': (r) =>
    `you are not authorized to perform operation (tke:${r.pick(TKE_ACTIONS)})\nresource (qcs::tke:${r.pick(REGIONS)}:uin/1000${r.digits(8)}:cluster/${tcId(r, 'cls')}) has no permission\n`,
  UnauthorizedOperation: (r) =>
    `you are not authorized to perform operation (ckafka:${r.pick(CKAFKA_ACTIONS)})\nresource (qcs::ckafka:${r.pick(REGIONS)}:uin/1000${r.digits(8)}:ckafkaId/uin/1000${r.digits(8)}/${tcId(r, 'ckafka')}) has no permission`,
  InternalError: () => 'An internal error has occurred. Retry your request, but if the problem persists, contact us.',
  InvalidAction: (r) => `The requested action \`${r.pick(TKE_ACTIONS)}s\` does not exist.`,
  InvalidParameter: (r) => `The parameter \`${r.pick(['ClusterId', 'InstanceIds', 'Filters.0.Name', 'NodePoolId'])}\` is invalid.`,
  InvalidParameterValue: (r) => `The value \`${r.alnum(6)}\` of parameter \`${r.pick(['Limit', 'ClusterType', 'Region'])}\` is not valid.`,
  MissingParameter: (r) => `The request is missing a required parameter \`${r.pick(['ClusterId', 'NodePoolId', 'InstanceIds'])}\`.`,
  UnknownParameter: (r) => `The parameter \`${r.pick(['ClusterIds', 'Offest', 'SubnetIDs'])}\` is not recognized.`,
  RequestLimitExceeded: () =>
    'Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.',
  ResourceNotFound: (r) => `The resource \`${tcId(r, 'cls')}\` is not found.`,
  UnsupportedRegion: (r) => `The action \`${r.pick(TKE_ACTIONS)}\` does not support the region \`${r.pick(REGIONS)}\`.`,
  NoSuchVersion: () => 'The requested version `2017-03-12` of service `tke` does not exist.',
  LimitExceeded: () => 'The number of clusters exceeds the quota limit.',
  'InternalError.CidrConflictWithVpcCidr': (r) => `cluster cidr 172.${16 + r.int(16)}.0.0/16 conflicts with vpc cidr`,
  'InternalError.Db': () => 'db error: Error 1062: Duplicate entry',
};

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32 over a seed mixed with murmur3's finaliser.

function fmix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Maps any seed (integer or string) to a 32-bit PRNG state. */
export function seedToState(seed) {
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    return fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  }
  let h = 0x811c9dc5;
  const s = String(seed);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h >>> 0);
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class Rng {
  constructor(seed) {
    this.s = seedToState(seed);
  }
  u32() {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  next() {
    return this.u32() / 4294967296;
  }
  /** Integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** Integer in [a, b]. */
  range(a, b) {
    return a + this.int(b - a + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(a) {
    return a[this.int(a.length)];
  }
  hex(n) {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.length === n ? s : s.slice(0, n);
  }
  alnum(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[this.int(36)];
    return s;
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
  uuid() {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(4)]}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/** weighted([[value, weight], ...]) -> (rng) => value */
function weighted(entries) {
  const values = [];
  const cum = [];
  let total = 0;
  for (const [v, w] of entries) {
    total += w;
    values.push(v);
    cum.push(total);
  }
  return (r) => {
    const x = r.next() * total;
    for (let i = 0; i < cum.length; i++) if (x < cum[i]) return values[i];
    return values[values.length - 1];
  };
}

// ---------------------------------------------------------------------------------------------
// Clock: monotonically increasing, microsecond resolution plus three random nanosecond digits.

const START_MS = Date.UTC(2026, 10, 23, 10, 0, 0);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

class Clock {
  constructor(r) {
    this.r = r;
    this.us = START_MS * 1000 + r.int(1_000_000);
    this.ns = r.int(1000);
    this.sec = -1;
    this.sync();
  }
  /** Advance between log events. */
  tick() {
    this.us += 1 + this.r.int(3000);
    this.ns = this.r.int(1000);
    this.sync();
  }
  /** Advance between the lines of one event. */
  step() {
    this.us += 1 + this.r.int(60);
    this.ns = this.r.int(1000);
    this.sync();
  }
  sync() {
    const sec = Math.floor(this.us / 1e6);
    if (sec === this.sec) return;
    this.sec = sec;
    const d = new Date(sec * 1000);
    const iso = d.toISOString();
    this.isoSec = iso.slice(0, 19);
    this.date = iso.slice(0, 10);
    this.hms = iso.slice(11, 19);
    this.slashDate = this.date.replace(/-/g, '/');
    this.klogDate = iso.slice(5, 7) + iso.slice(8, 10);
    this.nginx = `${iso.slice(8, 10)}/${MONTHS[d.getUTCMonth()]}/${iso.slice(0, 4)}:${this.hms} +0000`;
  }
  frac6() {
    return String(this.us % 1e6).padStart(6, '0');
  }
  frac3() {
    return String(Math.floor((this.us % 1e6) / 1000)).padStart(3, '0');
  }
  /** RFC 3339 with nanoseconds, as Docker and containerd write it. */
  iso9() {
    return `${this.isoSec}.${this.frac6()}${String(this.ns).padStart(3, '0')}Z`;
  }
  iso3() {
    return `${this.isoSec}.${this.frac3()}Z`;
  }
  isoS() {
    return `${this.isoSec}Z`;
  }
  epochMs() {
    return Math.floor(this.us / 1000);
  }
  epochFloat() {
    return Number((this.us / 1e6).toFixed(6));
  }
  java() {
    return `${this.date} ${this.hms}.${this.frac3()}`;
  }
  py() {
    return `${this.date} ${this.hms},${this.frac3()}`;
  }
  go() {
    return `${this.slashDate} ${this.hms}`;
  }
  klog(level) {
    return `${level}${this.klogDate} ${this.hms}.${this.frac6()}       1`;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const REGIONS = ['ap-guangzhou', 'ap-shanghai', 'ap-beijing', 'ap-chengdu', 'ap-nanjing', 'ap-hongkong', 'ap-singapore'];
const TKE_ACTIONS = [
  'DescribeClusters', 'CreateCluster', 'DescribeClusterInstances', 'AddExistedInstances', 'CreateClusterNodePool',
  'ModifyClusterNodePool', 'DeleteClusterInstances', 'DescribeClusterKubeconfig', 'CreateClusterEndpoint',
  'DescribeClusterNodePools', 'ScaleOutClusterMaster', 'DescribeClusterStatus',
];
const CKAFKA_ACTIONS = ['CreateTopic', 'DescribeTopic', 'DeleteTopic', 'ModifyTopicAttributes', 'CreateInstancePre', 'DescribeInstances', 'CreateConsumer', 'DescribeGroupOffsets'];
const CCI_OPS = ['createNamespace', 'createNetwork', 'createDeployment', 'listPods', 'deleteNamespace', 'createPersistentVolumeClaim', 'readNamespace', 'patchDeployment'];
const NE_OPS = ['CreateMicroService', 'UpdateMicroService', 'CreateContainer', 'DeleteContainer', 'CreateLoadBalancer', 'CreateCloudVolume', 'DescribeNamespace'];
const SERVICES = ['order-api', 'user-svc', 'payment', 'inventory', 'gateway', 'cart', 'search', 'notify-worker', 'cluster-operator', 'billing-sync', 'ckafka-admin', 'cci-provisioner'];
const NAMESPACES = ['default', 'shop', 'prod', 'infra', 'kube-system', 'ops'];
const METHODS = weighted([['GET', 70], ['POST', 18], ['PUT', 5], ['DELETE', 3], ['PATCH', 2], ['HEAD', 1], ['OPTIONS', 1]]);
const STATUS = weighted([[200, 82], [201, 4], [204, 3], [304, 3], [301, 1], [400, 2], [401, 1], [403, 0.5], [404, 2.5], [429, 0.3], [499, 0.2], [500, 0.3], [502, 0.1], [503, 0.1]]);
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.53(0x18003531) NetType/WIFI Language/zh_CN',
  'Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 AlipayClient/10.6.38.8000',
  'kube-probe/1.30',
  'curl/8.5.0',
  'okhttp/4.12.0',
  'Go-http-client/1.1',
  'python-requests/2.32.3',
  'Prometheus/2.54.1',
  'axios/1.7.7',
  'Apache-HttpClient/4.5.14 (Java/17.0.12)',
];
const PATHS = [
  (r) => `/api/v1/orders/${r.range(100000, 999999)}`,
  (r) => `/api/v1/orders?status=${r.pick(['paid', 'pending', 'shipped'])}&page=${r.range(1, 40)}&size=20`,
  (r) => `/api/v1/users/${r.range(1000, 99999)}/profile`,
  (r) => `/api/v2/products?category=${r.pick(['shoes', 'phones', 'books', 'food'])}&page=${r.range(1, 99)}`,
  () => '/healthz',
  () => '/readyz',
  () => '/metrics',
  () => '/api/v1/cart/items',
  (r) => `/api/v1/payments/${r.hex(16)}/status`,
  () => '/graphql',
  (r) => `/api/v1/search?q=%E6%89%8B%E6%9C%BA&page=${r.range(1, 20)}`,
  (r) => `/static/js/app.${r.hex(8)}.js`,
  (r) => `/api/v1/inventory/sku-${r.range(10000, 99999)}`,
  () => '/login',
  (r) => `/v1/notify/wechat/callback?nonce=${r.alnum(16)}`,
];
const INFO_EN = [
  'cache hit', 'order created', 'connected to redis', 'flushed metrics', 'consumer group rebalanced',
  'scheduled job finished', 'token refreshed', 'processing batch', 'published event to kafka', 'config reloaded',
  'starting http server', 'db pool stats', 'session created', 'sent notification', 'stock reserved',
  'payment callback accepted', 'leader election renewed', 'syncing node pool state', 'upload complete', 'queue depth',
];
const INFO_ZH = [
  '订单创建成功', '用户登录成功', '库存扣减完成', '支付回调处理完成', '缓存刷新完成', '消息已投递到队列',
  '定时任务执行完毕', '同步商品信息', '开始处理请求', '配置热加载成功', '优惠券核销成功', '物流状态已更新',
];
const CITIES = ['杭州', '上海', '北京', '深圳', '成都', '广州', '南京', '武汉'];
const JAVA_CLASSES = [
  'c.e.shop.order.OrderService', 'c.e.shop.web.OrderController', 'o.s.web.servlet.DispatcherServlet',
  'com.zaxxer.hikari.HikariDataSource', 'o.a.k.clients.consumer.KafkaConsumer', 'c.e.pay.callback.WxPayNotifyHandler',
  'c.e.infra.cloud.TkeClusterClient', 'c.e.shop.inventory.StockManager', 'o.s.b.w.embedded.tomcat.TomcatWebServer',
];
const JAVA_THREADS = ['nio-8080-exec-1', 'nio-8080-exec-7', 'main', 'scheduling-1', 'kafka-consumer-3', 'pool-2-thread-4', 'http-nio-8080-exec-12'];
const GO_FILES = ['server/handler.go:88', 'internal/order/service.go:214', 'pkg/cache/redis.go:57', 'cmd/worker/main.go:131', 'internal/cloud/tke.go:342', 'pkg/httpx/middleware.go:45'];
const PY_MODULES = ['orders.api', 'app.services.sync', 'celery.worker.strategy', 'app.cloud.tke_client', 'app.tasks.billing', 'gunicorn.access'];
const KLOG_MSGS = [
  (r) => `"Reconciling" controller="deployment" controllerGroup="apps" namespace="${r.pick(NAMESPACES)}" name="${r.pick(SERVICES)}" reconcileID="${r.uuid()}"`,
  (r) => `Successfully synced "${r.pick(NAMESPACES)}/${r.pick(SERVICES)}"`,
  (r) => `"Starting workers" controller="nodepool" worker count=${r.range(1, 8)}`,
  (r) => `"Observed a panic-free sync" key="${r.pick(NAMESPACES)}/${r.pick(SERVICES)}" duration="${r.range(1, 900)}ms"`,
  (r) => `"Updated status" pod="${r.pick(NAMESPACES)}/${r.pick(SERVICES)}-${r.alnum(10)}-${r.alnum(5)}" phase="Running"`,
];

function tcId(r, prefix) {
  return `${prefix}-${r.alnum(8)}`;
}
function ip(r) {
  return `10.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`;
}
function latencyMs(r) {
  const x = r.next();
  return Math.round((0.3 + x * x * x * 900) * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// Containers: each has an app log style and a runtime wrapper. Events are drawn from a "current"
// container that changes now and then, so the corpus reads like concatenated container logs.

const WRAPPERS = weighted([['docker', 38], ['cri', 38], ['raw', 12], ['kubectl-ts', 6], ['kubectl-prefix', 6]]);
const STYLES = weighted([
  ['pino', 14], ['zap', 14], ['logrus-json', 8], ['logrus-text', 6], ['nginx', 12], ['java', 14], ['klog', 8],
  ['python', 10], ['uvicorn', 4], ['cn-json', 6], ['go-std', 4],
]);
const JSON_STYLES = ['pino', 'zap', 'logrus-json', 'cn-json'];
const TEXT_STYLES = ['java', 'klog', 'python', 'go-std', 'logrus-text'];

function makeContainer(r) {
  const svc = r.pick(SERVICES);
  return {
    wrapper: WRAPPERS(r),
    style: STYLES(r),
    ns: r.pick(NAMESPACES),
    pod: `${svc}-${r.alnum(r.range(9, 10))}-${r.alnum(5)}`,
    name: svc,
    host: `${svc}.${r.pick(NAMESPACES)}.svc.cluster.local`,
  };
}

// ---------------------------------------------------------------------------------------------
// Normal lines.

function normalLine(g, c) {
  const { r, clk } = g;
  switch (c.style) {
    case 'pino': {
      if (r.chance(0.55)) {
        const st = STATUS(r);
        return JSON.stringify({
          level: st >= 500 ? 40 : 30,
          time: clk.epochMs(),
          pid: 1,
          hostname: c.pod,
          req: {
            id: r.range(1, 999999),
            method: METHODS(r),
            url: r.pick(PATHS)(r),
            headers: r.chance(0.4) ? { host: `${c.name}:8080`, 'user-agent': r.pick(UAS), 'x-request-id': r.uuid() } : undefined,
            remoteAddress: `::ffff:${ip(r)}`,
            remotePort: r.range(30000, 60999),
          },
          res: { statusCode: st },
          responseTime: Math.round(latencyMs(r)),
          msg: 'request completed',
        });
      }
      const o = { level: r.chance(0.1) ? 20 : r.chance(0.05) ? 40 : 30, time: clk.epochMs(), pid: 1, hostname: c.pod };
      if (r.chance(0.5)) o.reqId = `req-${r.alnum(6)}`;
      if (r.chance(0.4)) o.userId = r.range(1000, 999999);
      if (r.chance(0.3)) o.durationMs = latencyMs(r);
      if (r.chance(0.3)) o.orderNo = `SO${clk.date.replace(/-/g, '')}${r.digits(10)}`;
      o.msg = r.chance(0.15) ? r.pick(INFO_ZH) : r.pick(INFO_EN);
      return JSON.stringify(o);
    }
    case 'zap': {
      const o = { level: r.chance(0.08) ? 'debug' : r.chance(0.05) ? 'warn' : 'info', ts: clk.epochFloat(), caller: r.pick(GO_FILES) };
      if (r.chance(0.6)) {
        o.msg = 'handled request';
        o.method = METHODS(r);
        o.path = r.pick(PATHS)(r);
        o.status = STATUS(r);
        o.latency = `${latencyMs(r)}ms`;
        o.bytes = r.range(0, 40000);
        o.trace_id = r.hex(32);
        o.span_id = r.hex(16);
        if (r.chance(0.5)) o.user_agent = r.pick(UAS);
      } else {
        o.msg = r.pick(INFO_EN);
        if (r.chance(0.5)) o.trace_id = r.hex(32);
        if (r.chance(0.5)) o.count = r.range(1, 5000);
        if (r.chance(0.3)) o.topic = r.pick(['orders', 'payments', 'audit-log', 'cdc.shop.orders']);
        if (r.chance(0.3)) o.partition = r.range(0, 11);
      }
      return JSON.stringify(o);
    }
    case 'logrus-json': {
      // logrus marshals a map: keys come out sorted.
      const o = {};
      if (r.chance(0.6)) o.component = r.pick(['sync', 'scheduler', 'api', 'reconciler', 'kafka']);
      if (r.chance(0.4)) o.duration = `${latencyMs(r)}ms`;
      o.level = r.chance(0.05) ? 'warning' : 'info';
      o.msg = r.pick(INFO_EN);
      if (r.chance(0.4)) o.request_id = r.uuid();
      o.time = clk.isoS();
      if (r.chance(0.4)) o.user_id = r.range(1, 99999);
      return JSON.stringify(o);
    }
    case 'logrus-text': {
      let s = `time="${clk.isoS()}" level=${r.chance(0.05) ? 'warning' : 'info'} msg="${r.pick(INFO_EN)}"`;
      if (r.chance(0.6)) s += ` component=${r.pick(['sync', 'scheduler', 'api', 'reconciler'])}`;
      if (r.chance(0.5)) s += ` request_id=${r.uuid()}`;
      if (r.chance(0.5)) s += ` duration=${latencyMs(r)}ms`;
      if (r.chance(0.3)) s += ` path="${r.pick(PATHS)(r)}"`;
      return s;
    }
    case 'nginx': {
      const st = STATUS(r);
      const rt = (latencyMs(r) / 1000).toFixed(3);
      const req = `${METHODS(r)} ${r.pick(PATHS)(r)} HTTP/${r.chance(0.8) ? '1.1' : '2.0'}`;
      const ref = r.chance(0.7) ? '-' : `https://shop.example.cn/${r.pick(['', 'cart', 'item/' + r.range(1, 99999)])}`;
      if (r.chance(0.5)) {
        // ingress-nginx default format
        return `${ip(r)} - - [${clk.nginx}] "${req}" ${st} ${r.range(0, 60000)} "${ref}" "${r.pick(UAS)}" ${r.range(200, 1800)} ${rt} [${c.ns}-${c.name}-8080] [] ${ip(r)}:8080 ${r.range(0, 60000)} ${rt} ${st} ${r.hex(32)}`;
      }
      return `${ip(r)} - - [${clk.nginx}] "${req}" ${st} ${r.range(0, 60000)} "${ref}" "${r.pick(UAS)}" rt=${rt} uct=0.000 uht=${rt}`;
    }
    case 'java': {
      const lvl = r.chance(0.06) ? ' WARN' : r.chance(0.05) ? 'DEBUG' : ' INFO';
      const cls = r.pick(JAVA_CLASSES);
      let msg;
      const k = r.int(5);
      if (k === 0) msg = `Created order ${r.range(100000, 999999)} for user ${r.range(1, 99999)} amount=${(r.range(100, 99999) / 100).toFixed(2)} items=${r.range(1, 9)}`;
      else if (k === 1) msg = `${r.pick(INFO_ZH)} orderId=${r.range(100000, 999999)} userId=${r.range(1, 99999)} 城市=${r.pick(CITIES)}`;
      else if (k === 2) msg = `HikariPool-1 - Pool stats (total=20, active=${r.range(0, 20)}, idle=${r.range(0, 20)}, waiting=0)`;
      else if (k === 3) msg = `Completed ${METHODS(r)} ${r.pick(PATHS)(r)} in ${latencyMs(r)} ms, status ${STATUS(r)}`;
      else msg = `[Consumer clientId=consumer-order-group-${r.range(1, 9)}, groupId=order-group] Setting offset for partition orders-${r.range(0, 11)} to the committed offset FetchPosition{offset=${r.range(1, 9999999)}}`;
      return `${clk.java()} ${lvl} 1 --- [${r.pick(JAVA_THREADS).padStart(15)}] ${cls.padEnd(40)} : ${msg}`;
    }
    case 'klog':
      return `${clk.klog(r.chance(0.05) ? 'W' : 'I')} ${r.pick(GO_FILES).replace(/^.*\//, '')}] ${r.pick(KLOG_MSGS)(r)}`;
    case 'python': {
      const k = r.int(3);
      if (k === 0) return `${clk.py()} INFO [${r.pick(PY_MODULES)}] ${METHODS(r)} ${r.pick(PATHS)(r)} ${STATUS(r)} ${latencyMs(r)}ms`;
      if (k === 1) return `${clk.py()} INFO [${r.pick(PY_MODULES)}] Task app.tasks.sync_inventory[${r.uuid()}] succeeded in ${(latencyMs(r) / 100).toFixed(4)}s: None`;
      return `[${clk.py()}] [${r.range(7, 40)}] [INFO] ${r.pick(INFO_EN)}: batch=${r.range(1, 500)} elapsed=${latencyMs(r)}ms`;
    }
    case 'uvicorn':
      return `INFO:     ${ip(r)}:${r.range(30000, 60999)} - "${METHODS(r)} ${r.pick(PATHS)(r)} HTTP/1.1" ${STATUS(r)} ${r.pick(['OK', 'Created', 'Not Modified', 'Not Found'])}`;
    case 'cn-json': {
      const o = { level: 'info', time: clk.iso3(), msg: r.pick(INFO_ZH) };
      if (r.chance(0.7)) o.orderId = `SO${r.digits(14)}`;
      if (r.chance(0.6)) o.userId = r.range(1000, 9999999);
      if (r.chance(0.5)) o.amount = Number((r.range(100, 999999) / 100).toFixed(2));
      if (r.chance(0.5)) o.city = r.pick(CITIES);
      if (r.chance(0.3)) o.remark = r.pick(['加急配送', '用户备注：请放门口', '会员折扣已应用', '优惠券满减']);
      o.traceId = r.hex(32);
      return JSON.stringify(o);
    }
    default:
      // go-std
      return `${clk.go()} ${r.pick(GO_FILES).replace(/^.*\//, '')}: ${r.pick(INFO_EN)} (n=${r.range(1, 999)}, took ${latencyMs(r)}ms)`;
  }
}

// A random ASCII pool for very long lines (base64 bodies).
function makeB64Pool(r, n) {
  const a = new Array(n);
  for (let i = 0; i < n; i++) a[i] = B64[r.int(64)];
  return a.join('');
}
function poolSlice(g, n) {
  let s = '';
  while (s.length < n) {
    const take = Math.min(n - s.length, g.pool.length);
    const off = g.r.int(g.pool.length - take + 1);
    s += g.pool.slice(off, off + take);
  }
  return s;
}

/** One ASCII line of 16.5-60 KiB (an app logging a big payload). */
function longLine(g, c, tail) {
  const { r, clk } = g;
  const x = r.next();
  const size = 16896 + Math.floor(x * x * x * 24000);
  const k = r.int(3);
  let head;
  if (k === 0) {
    head = `{"level":"${tail ? 'error' : 'debug'}","ts":${clk.epochFloat()},"caller":"${r.pick(GO_FILES)}","msg":"${tail ? 'batch call failed' : 'outgoing request'}","body":"`;
    const body = poolSlice(g, Math.max(0, size - head.length));
    return tail ? `${head}${body}","resp":${tail}}` : `${head}${body}"}`;
  }
  if (k === 1) {
    head = `{"level":${tail ? 50 : 20},"time":${clk.epochMs()},"pid":1,"hostname":"${c.pod}","items":[`;
    const parts = [];
    let n = head.length;
    while (n < size) {
      const it = `{"sku":"sku-${r.range(10000, 99999)}","qty":${r.range(1, 9)},"price":${r.range(100, 99999)},"img":"${poolSlice(g, 40)}"}`;
      parts.push(it);
      n += it.length + 1;
    }
    return `${head}${parts.join(',')}]${tail ? `,"resp":${tail},"msg":"sync failed"` : ',"msg":"cart snapshot"'}}`;
  }
  head = `${clk.java()} ${tail ? 'ERROR' : 'DEBUG'} 1 --- [${r.pick(JAVA_THREADS).padStart(15)}] ${r.pick(JAVA_CLASSES).padEnd(40)} : payload=`;
  const body = poolSlice(g, Math.max(0, size - head.length));
  return tail ? `${head}${body} response=${tail}` : `${head}${body}`;
}

// ---------------------------------------------------------------------------------------------
// Envelopes shared by error events and decoys.

/** A JSON app-log line in the given logger's style, carrying `value` under `key`. */
function appJson(g, style, level, msg, key, value) {
  const { r, clk, c } = g;
  switch (style) {
    case 'pino': {
      const o = { level: level === 'error' ? 50 : level === 'warn' ? 40 : 30, time: clk.epochMs(), pid: 1, hostname: c.pod };
      if (r.chance(0.5)) o.reqId = `req-${r.alnum(6)}`;
      if (key) o[key] = value;
      o.msg = msg.en;
      return JSON.stringify(o);
    }
    case 'zap': {
      const o = { level, ts: clk.epochFloat(), caller: r.pick(GO_FILES), msg: msg.en };
      if (key) o[key] = value;
      o.trace_id = r.hex(32);
      if (r.chance(0.5)) o.latency = `${latencyMs(r)}ms`;
      return JSON.stringify(o);
    }
    case 'logrus-json': {
      const o = { level: level === 'warn' ? 'warning' : level, msg: msg.en, request_id: r.uuid(), time: clk.isoS() };
      if (key) o[key] = value;
      const sorted = {};
      for (const k of Object.keys(o).sort()) sorted[k] = o[k];
      return JSON.stringify(sorted);
    }
    default: {
      // cn-json
      const o = { level, time: clk.iso3(), msg: msg.zh };
      if (key) o[key] = value;
      o.traceId = r.hex(32);
      return JSON.stringify(o);
    }
  }
}

/** Prefix of an error-level text log line in the given style. */
function textPrefix(g, style, level = 'error') {
  const { r, clk } = g;
  const up = level === 'error' ? 'ERROR' : level === 'warn' ? ' WARN' : ' INFO';
  switch (style) {
    case 'java':
      return `${clk.java()} ${up} 1 --- [${r.pick(JAVA_THREADS).padStart(15)}] ${r.pick(JAVA_CLASSES).padEnd(40)} : `;
    case 'klog':
      return `${clk.klog(level === 'error' ? 'E' : level === 'warn' ? 'W' : 'I')} ${r.pick(GO_FILES).replace(/^.*\//, '')}] `;
    case 'python':
      return `${clk.py()} ${up.trim()} [${r.pick(PY_MODULES)}] `;
    case 'plain':
      return `${clk.iso3()} ${up.trim()} `;
    default:
      return `${clk.go()} ${r.pick(GO_FILES).replace(/^.*\//, '')}: `;
  }
}

function jsonStyle(g) {
  return JSON_STYLES.includes(g.c.style) ? g.c.style : g.r.pick(JSON_STYLES);
}
function textStyle(g) {
  return TEXT_STYLES.includes(g.c.style) ? g.c.style : g.r.pick(['java', 'klog', 'python', 'go-std', 'logrus-text', 'plain']);
}

/** Text that may contain newlines -> content lines (a trailing newline adds no line). */
function toLines(text) {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const PLACEMENT = weighted([['line', 30], ['nested', 25], ['escaped', 20], ['text', 25]]);
const NESTED_KEYS = ['resp', 'response', 'error', 'result', 'detail'];
const ESCAPED_KEYS = ['body', 'response_body', 'resp', 'error', 'raw'];

/**
 * Places a compact JSON payload: alone on the line, as an object field of a JSON app log, as a
 * JSON-escaped string field, or embedded in a text log line.
 */
function placeJson(g, placement, obj, op) {
  const { r } = g;
  const js = JSON.stringify(obj);
  const msg = { en: `${op} failed`, zh: `调用${op}接口失败` };
  switch (placement) {
    case 'line':
      return [js];
    case 'nested':
      return [appJson(g, jsonStyle(g), 'error', msg, r.pick(NESTED_KEYS), obj)];
    case 'escaped':
      return [appJson(g, jsonStyle(g), 'error', msg, r.pick(ESCAPED_KEYS), js)];
    default: {
      const st = textStyle(g);
      if (st === 'logrus-text') {
        return [`time="${g.clk.isoS()}" level=error msg="${op} failed" error=${JSON.stringify(`api error: ${js}`)} attempt=${r.range(1, 3)}`];
      }
      const glue = r.pick([' failed: ', ' failed, response: ', ' error: ', ' returned error ', ' 调用失败: ']);
      return [`${textPrefix(g, st)}${op}${glue}${js}`];
    }
  }
}

function prettyLines(obj, indent, leadingSpace) {
  const lines = JSON.stringify(obj, null, indent).split('\n');
  if (leadingSpace) lines[0] = ` ${lines[0]}`;
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Vendor error payloads.

function tcV3Pick(g) {
  const { r } = g;
  if (r.chance(0.06)) {
    const u = r.pick(TC_V3_UNKNOWN);
    return { code: u.code, message: u.en(r) };
  }
  const e = r.pick(TC_V3);
  const en = TC_EN[e.code];
  return { code: e.code, message: en && r.chance(0.75) ? en(r, g) : e.zh };
}
function tcV3Object(code, message, requestId) {
  return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}
const CODE_DESC = { 4000: 'InvalidParameter', 4100: 'AuthFailure', 4102: 'UnauthorizedOperation', 5000: 'ResourceNotFound', 5100: 'FailedOperation', 6000: 'InternalError' };
function tcLegacyCkafka(g) {
  const { r } = g;
  let o;
  if (r.chance(0.8)) {
    const e = r.pick(TC_CKAFKA);
    o = { code: Number(e.pub), message: `(${e.mod})${r.chance(0.8) ? e.en : e.zh}` };
  } else {
    const e = r.pick(TC_PUBLIC);
    o = { code: Number(e.code), message: e.zh };
  }
  if (CODE_DESC[o.code] && r.chance(0.3)) o.codeDesc = CODE_DESC[o.code];
  return { obj: o, code: String(o.code) };
}
function tkeLegacyPublic(code) {
  if (/^-1000/.test(code) || /^-1001/.test(code) || code === '-10021' || code === '-10022' || code === '-10023') return 4000;
  if (code === '-16013' || code === '-16009' || code === '-160004' || code === '-20001') return 5000;
  if (code === '-120001') return 5300;
  return 5100;
}
function tcLegacyTke(g) {
  const { r } = g;
  const e = r.pick(TC_TKE_LEGACY);
  if (r.chance(0.6)) return { obj: { code: Number(e.code), message: e.zh }, code: e.code };
  const pub = tkeLegacyPublic(e.code);
  const o = { code: pub, message: `(${e.code})${e.zh}` };
  if (r.chance(0.3)) o.codeDesc = CODE_DESC[pub] ?? 'FailedOperation';
  return { obj: o, code: String(pub) };
}
function hwPick(g, apigwShare) {
  const { r } = g;
  if (apigwShare && r.chance(apigwShare)) return r.pick(HW_APIGW);
  if (r.chance(0.05)) return r.pick(HW_UNKNOWN);
  return r.pick(HW_CCI);
}
const HW_REASON = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 429: 'TooManyRequests', 500: 'InternalError' };
function hwStatusObject(e) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.msg, reason: HW_REASON[e.http] ?? 'BadRequest', code: e.http, errorCode: e.code };
}
function nePick(g) {
  return g.r.chance(0.04) ? g.r.pick(NE_UNKNOWN) : g.r.pick(NE_CODES);
}
const HTTP_REASON = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 409: 'Conflict', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 500: 'Internal Server Error' };

/** A text error line carrying an SDK exception string, in a text style or as a JSON log field. */
function sdkText(g, sdkString, op, styles) {
  const { r } = g;
  if (r.chance(0.25)) {
    const st = jsonStyle(g);
    return { lines: [appJson(g, st, 'error', { en: `${op} failed`, zh: `${op}调用失败` }, r.pick(['error', 'err', 'exception']), sdkString)], placement: 'field' };
  }
  const st = r.pick(styles);
  let line;
  if (st === 'klog' && r.chance(0.5)) line = `${textPrefix(g, 'klog')}"${op} failed" err=${JSON.stringify(sdkString)}`;
  else if (st === 'logrus-text') line = `time="${g.clk.isoS()}" level=error msg="${op} failed" error=${JSON.stringify(sdkString)}`;
  else line = `${textPrefix(g, st)}${op} failed: ${sdkString}`;
  return { lines: toLines(line), placement: 'text' };
}

const JAVA_SDK_FRAMES = [
  '\tat com.tencentcloudapi.common.AbstractClient.internalRequest(AbstractClient.java:285)',
  '\tat com.tencentcloudapi.common.AbstractClient.internalRequestRaw(AbstractClient.java:201)',
  '\tat com.tencentcloudapi.tke.v20180525.TkeClient.DescribeClusters(TkeClient.java:1536)',
  '\tat c.e.infra.cloud.TkeClusterClient.listClusters(TkeClusterClient.java:88)',
  '\tat c.e.infra.cloud.ClusterSyncJob.run(ClusterSyncJob.java:54)',
  '\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
  '\tat java.base/java.lang.Thread.run(Thread.java:840)',
];

/** Builds one vendor error event: { lines, start, count, vendor, code, shape, stream }. */
function errorEvent(g, form) {
  const { r } = g;
  const ev = (vendor, code, shape, lines, start = 0, count = lines.length - start) => ({ vendor, code, shape, lines, start, count });
  switch (form) {
    case 'tencent-v3': {
      const p = tcV3Pick(g);
      const pl = PLACEMENT(r);
      return ev('tencent', p.code, `${form}.${pl}`, placeJson(g, pl, tcV3Object(p.code, p.message, r.uuid()), r.pick(TKE_ACTIONS)));
    }
    case 'tencent-v3-noresponse': {
      const p = tcV3Pick(g);
      const pl = r.pick(['line', 'nested', 'escaped', 'text']);
      return ev('tencent', p.code, `${form}.${pl}`, placeJson(g, pl, { Error: { Code: p.code, Message: p.message }, RequestId: r.uuid() }, r.pick(TKE_ACTIONS)));
    }
    case 'tencent-v3-pretty': {
      const p = tcV3Pick(g);
      const lines = prettyLines(tcV3Object(p.code, p.message, r.uuid()), 4, r.chance(0.5));
      if (r.chance(0.3)) {
        const st = textStyle(g);
        lines.unshift(`${textPrefix(g, st === 'logrus-text' ? 'plain' : st)}${r.pick(TKE_ACTIONS)} response:`);
        return ev('tencent', p.code, `${form}.after-text`, lines, 1);
      }
      return ev('tencent', p.code, `${form}.plain`, lines);
    }
    case 'tencent-sdk-go':
    case 'tencent-sdk-go-noreqid':
    case 'tencent-sdk-go-old': {
      const p = tcV3Pick(g);
      let s = `[TencentCloudSDKError] Code=${p.code}, Message=${p.message}`;
      if (form === 'tencent-sdk-go') s += `, RequestId=${r.uuid()}`;
      else if (form === 'tencent-sdk-go-old') s += `, RequestId=%!d(string=${r.uuid()})`;
      const t = sdkText(g, s, r.pick(TKE_ACTIONS), ['klog', 'go-std', 'logrus-text', 'plain']);
      return ev('tencent', p.code, `${form}.${t.placement}`, t.lines);
    }
    case 'tencent-sdk-python': {
      const p = tcV3Pick(g);
      const s = `[TencentCloudSDKException] code:${p.code} message:${p.message} requestId:${r.uuid()}`;
      if (r.chance(0.35)) {
        const tb = [
          `${textPrefix(g, 'python')}${r.pick(TKE_ACTIONS)} failed`,
          'Traceback (most recent call last):',
          `  File "/app/app/cloud/tke_client.py", line ${r.range(40, 300)}, in describe_clusters`,
          '    resp = self.client.DescribeClusters(req)',
          '  File "/usr/local/lib/python3.11/site-packages/tencentcloud/tke/v20180525/tke_client.py", line 1783, in DescribeClusters',
          '    raise TencentCloudSDKException(type(e).__name__, str(e))',
        ];
        const exc = toLines(`tencentcloud.common.exception.tencent_cloud_sdk_exception.TencentCloudSDKException: ${s}`);
        return ev('tencent', p.code, `${form}.traceback`, tb.concat(exc), tb.length, exc.length);
      }
      const t = sdkText(g, s, r.pick(TKE_ACTIONS), ['python']);
      return ev('tencent', p.code, `${form}.${t.placement}`, t.lines);
    }
    case 'tencent-sdk-java': {
      const p = tcV3Pick(g);
      const s = `[TencentCloudSDKException]code:${p.code} message:${p.message} requestId:${r.uuid()}`;
      if (r.chance(0.5)) {
        const head = toLines(`${textPrefix(g, 'java')}${r.pick(TKE_ACTIONS)} failed: com.tencentcloudapi.common.exception.TencentCloudSDKException: ${s}`);
        const frames = JAVA_SDK_FRAMES.slice(0, r.range(3, JAVA_SDK_FRAMES.length));
        return ev('tencent', p.code, `${form}.stacktrace`, head.concat(frames), 0, head.length);
      }
      const t = sdkText(g, s, r.pick(TKE_ACTIONS), ['java']);
      return ev('tencent', p.code, `${form}.${t.placement}`, t.lines);
    }
    case 'tencent-codemsg':
    case 'huawei-codemsg': {
      let vendor, code, message;
      if (form === 'tencent-codemsg') {
        let p;
        do p = tcV3Pick(g);
        while (!p.code.includes('.'));
        vendor = 'tencent';
        code = p.code;
        message = p.message.replace(/\n/g, ' ').trim();
      } else {
        const e = hwPick(g, 0);
        vendor = 'huawei';
        code = e.code;
        message = e.msg;
      }
      const op = vendor === 'tencent' ? r.pick(TKE_ACTIONS) : r.pick(CCI_OPS);
      const st = r.pick(['java', 'klog', 'python', 'go-std', 'plain']);
      return ev(vendor, code, `${form}.text`, [`${textPrefix(g, st)}${op} failed, Code: ${code}, Message: ${message}`]);
    }
    case 'tencent-logfmt':
    case 'huawei-logfmt': {
      let vendor, code, message, rid;
      if (form === 'tencent-logfmt') {
        let p;
        do p = tcV3Pick(g);
        while (!p.code.includes('.'));
        vendor = 'tencent';
        code = p.code;
        message = p.message;
        rid = r.uuid();
      } else {
        const e = hwPick(g, 0);
        vendor = 'huawei';
        code = e.code;
        message = e.msg;
        rid = r.hex(32);
      }
      const op = vendor === 'tencent' ? r.pick(TKE_ACTIONS) : r.pick(CCI_OPS);
      const line = r.chance(0.5)
        ? `time="${g.clk.isoS()}" level=error msg="${op} failed" code=${code} message=${JSON.stringify(message)} request_id=${rid}`
        : `level=error ts=${g.clk.iso3()} caller=${r.pick(GO_FILES).replace(/^.*\//, '')} msg="cloud api call failed" op=${op} code=${code} err=${JSON.stringify(message)}`;
      return ev(vendor, code, `${form}.logfmt`, [line]);
    }
    case 'tencent-legacy-ckafka':
    case 'tencent-legacy-tke': {
      const p = form === 'tencent-legacy-ckafka' ? tcLegacyCkafka(g) : tcLegacyTke(g);
      const pl = PLACEMENT(r);
      const op = form === 'tencent-legacy-ckafka' ? r.pick(CKAFKA_ACTIONS) : r.pick(['DescribeCluster', 'CreateClusterService', 'ModifyClusterService', 'AddClusterInstances']);
      return ev('tencent', p.code, `${form}.${pl}`, placeJson(g, pl, p.obj, op));
    }
    case 'tencent-legacy-pretty': {
      const p = r.chance(0.5) ? tcLegacyCkafka(g) : tcLegacyTke(g);
      return ev('tencent', p.code, `${form}.plain`, prettyLines(p.obj, 4, false));
    }
    case 'huawei-status': {
      const e = hwPick(g, 0);
      const pl = PLACEMENT(r);
      return ev('huawei', e.code, `${form}.${pl}`, placeJson(g, pl, hwStatusObject(e), r.pick(CCI_OPS)));
    }
    case 'huawei-status-pretty': {
      const e = hwPick(g, 0);
      return ev('huawei', e.code, `${form}.plain`, prettyLines(hwStatusObject(e), 4, false));
    }
    case 'huawei-general': {
      const e = hwPick(g, 0.5);
      const o = { error_code: e.code, error_msg: e.msg };
      if (r.chance(0.4)) o.request_id = r.hex(32);
      const pl = PLACEMENT(r);
      return ev('huawei', e.code, `${form}.${pl}`, placeJson(g, pl, o, r.pick(CCI_OPS)));
    }
    case 'huawei-sdk-go': {
      const e = hwPick(g, 0.1);
      const o = { status_code: e.http, request_id: r.hex(32), error_code: e.code, error_message: e.msg };
      const pl = r.pick(['line', 'escaped', 'text', 'text']);
      return ev('huawei', e.code, `${form}.${pl}`, placeJson(g, pl, o, r.pick(CCI_OPS)));
    }
    case 'huawei-sdk-python': {
      const e = hwPick(g, 0.1);
      const cls = e.http >= 500 ? 'ServerResponseException' : 'ClientRequestException';
      const s = r.chance(0.8)
        ? `${cls} - {status_code:${e.http}, request_id:${r.hex(32)}, error_code:${e.code}, error_msg:${e.msg}}`
        : `${cls} - {status_code:${e.http},request_id:${r.hex(32)},error_code:${e.code},error_msg:${e.msg},encoded_authorization_message:None}`;
      if (r.chance(0.3)) {
        const tb = [
          `${textPrefix(g, 'python')}${r.pick(CCI_OPS)} failed`,
          'Traceback (most recent call last):',
          `  File "/app/provisioner/cci.py", line ${r.range(30, 400)}, in ensure_namespace`,
          '    resp = client.create_namespace(request)',
          '  File "/usr/local/lib/python3.10/site-packages/huaweicloudsdkcore/client.py", line 486, in _do_http_request_sync',
          '    raise exceptions.ClientRequestException(status_code, sdk_error)',
        ];
        const exc = [`huaweicloudsdkcore.exceptions.exceptions.${cls}: ${s}`];
        return ev('huawei', e.code, `${form}.traceback`, tb.concat(exc), tb.length, 1);
      }
      const t = sdkText(g, s, r.pick(CCI_OPS), ['python']);
      return ev('huawei', e.code, `${form}.${t.placement}`, t.lines);
    }
    case 'netease': {
      const e = nePick(g);
      const pl = PLACEMENT(r);
      return ev('netease', e.code, `${form}.${pl}`, placeJson(g, pl, { code: Number(e.code), message: e.msg }, r.pick(NE_OPS)));
    }
    case 'netease-http': {
      const e = nePick(g);
      const http = Number(e.code.slice(0, 3));
      const js = JSON.stringify({ code: Number(e.code), message: e.msg });
      const st = r.pick(['java', 'klog', 'python', 'go-std', 'plain']);
      return ev('netease', e.code, `${form}.text`, [`${textPrefix(g, st)}${r.pick(NE_OPS)} got HTTP ${http} ${HTTP_REASON[http] ?? 'Error'} ${js}`]);
    }
    default: {
      // netease-pretty, in the document's own layout
      const e = nePick(g);
      return ev('netease', e.code, `${form}.plain`, ['{', `   "code":${e.code},`, `   "message": ${JSON.stringify(e.msg)}`, '}']);
    }
  }
}

const ERROR_FORMS = weighted([
  ['tencent-v3', 22], ['tencent-v3-noresponse', 3], ['tencent-v3-pretty', 3],
  ['tencent-sdk-go', 5], ['tencent-sdk-go-noreqid', 1.2], ['tencent-sdk-go-old', 1.2],
  ['tencent-sdk-python', 3], ['tencent-sdk-java', 3], ['tencent-codemsg', 1.5], ['tencent-logfmt', 1.5],
  ['tencent-legacy-ckafka', 4], ['tencent-legacy-tke', 3], ['tencent-legacy-pretty', 1],
  ['huawei-status', 8], ['huawei-status-pretty', 2], ['huawei-general', 6], ['huawei-sdk-go', 5],
  ['huawei-sdk-python', 4], ['huawei-codemsg', 2], ['huawei-logfmt', 2],
  ['netease', 14], ['netease-http', 2], ['netease-pretty', 2],
]);

/** An error payload at the end of a >16 KiB line (split into partial records by Docker/CRI). */
function longErrorEvent(g) {
  const { r } = g;
  const k = r.int(4);
  let vendor, code, obj, shape;
  if (k === 0) {
    const p = tcV3Pick(g);
    [vendor, code, obj, shape] = ['tencent', p.code, tcV3Object(p.code, p.message, r.uuid()), 'tencent-v3.long'];
  } else if (k === 1) {
    const p = tcLegacyCkafka(g);
    [vendor, code, obj, shape] = ['tencent', p.code, p.obj, 'tencent-legacy-ckafka.long'];
  } else if (k === 2) {
    const e = hwPick(g, 0);
    [vendor, code, obj, shape] = ['huawei', e.code, hwStatusObject(e), 'huawei-status.long'];
  } else {
    const e = nePick(g);
    [vendor, code, obj, shape] = ['netease', e.code, { code: Number(e.code), message: e.msg }, 'netease.long'];
  }
  return { vendor, code, shape, lines: [longLine(g, g.c, JSON.stringify(obj))], start: 0, count: 1 };
}

// ---------------------------------------------------------------------------------------------
// Decoys: look like errors or like vendor envelopes, must not be reported.

const ALIYUN = [
  ['InvalidParameter', 'The specified parameter "InstanceType" is not valid.', 'ecs.aliyuncs.com'],
  ['Throttling.User', 'Request was denied due to user flow control.', 'ecs.aliyuncs.com'],
  ['Forbidden.RAM', 'User not authorized to operate on the specified resource, or this API does not support RAM.', 'cs.aliyuncs.com'],
  ['InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 'sts.aliyuncs.com'],
  ['MissingParameter', 'The input parameter "RegionId" that is mandatory for processing this request is not supplied.', 'vpc.aliyuncs.com'],
  ['InternalError', 'The request processing has failed due to some unknown error, exception or failure.', 'ecs.aliyuncs.com'],
];
const AWS = [
  ['ThrottlingException', 'Rate exceeded'],
  ['AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ci-deployer is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders'],
  ['ResourceNotFoundException', 'Requested resource not found: Table: orders not found'],
  ['ValidationException', 'One or more parameter values were invalid: Missing the key id in the item'],
];
const GENERIC_ERRORS = [
  (r) => `ERROR: could not connect to server: Connection refused (0x0000274D/10061) Is the server running on host "pg-${r.alnum(5)}" and accepting TCP/IP connections on port 5432?`,
  (r) => `Error: ENOENT: no such file or directory, open '/app/config/${r.pick(['local', 'production', 'override'])}.json'`,
  (r) => `error: failed to pull image "registry.example.cn/shop/${r.pick(SERVICES)}:v1.${r.range(0, 40)}.${r.range(0, 9)}": unauthorized: authentication required`,
  () => 'ValueError: invalid literal for int() with base 10: \'abc\'',
  (r) => `WARN exception while refreshing cache for key user:${r.range(1, 99999)} (will retry in 5s)`,
  (r) => `panic: runtime error: index out of range [${r.range(1, 9)}] with length ${r.range(0, 1)}`,
  (r) => `failed to flush buffer: write tcp ${ip(r)}:${r.range(30000, 60999)}->${ip(r)}:9200: write: broken pipe`,
  () => 'An error has occurred, please check the logs for more details. Error count: 3',
  (r) => `服务异常: 数据库连接超时 (timeout=3000ms) host=mysql-${r.alnum(4)}.shop.svc error code=2013`,
];

function decoyEvent(g) {
  const { r, clk } = g;
  const k = DECOY_KINDS(r);
  const one = (line) => ({ kind: k, lines: [line] });
  switch (k) {
    case 'tencent-success': {
      const o = { Response: {} };
      if (r.chance(0.6)) {
        o.Response.Clusters = [];
        for (let i = 0, n = r.range(1, 3); i < n; i++) {
          o.Response.Clusters.push({ ClusterId: tcId(r, 'cls'), ClusterName: `${r.pick(['prod', 'staging', 'dev'])}-${r.pick(REGIONS).slice(3)}`, ClusterStatus: 'Running', ClusterVersion: '1.30.0', ClusterNodeNum: r.range(1, 60) });
        }
      }
      o.Response.TotalCount = r.range(0, 40);
      o.Response.RequestId = r.uuid();
      const pl = r.pick(['line', 'nested', 'escaped', 'text']);
      if (pl === 'line') return one(JSON.stringify(o));
      if (pl === 'nested') return one(appJson(g, jsonStyle(g), 'info', { en: 'DescribeClusters ok', zh: '查询集群成功' }, 'resp', o));
      if (pl === 'escaped') return one(appJson(g, jsonStyle(g), 'debug', { en: 'tke response', zh: 'TKE 响应' }, 'body', JSON.stringify(o)));
      return one(`${textPrefix(g, 'plain', 'info')}DescribeClusters response: ${JSON.stringify(o)}`);
    }
    case 'k8s-status-success':
      return one(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: r.pick(SERVICES), group: 'apps', kind: 'deployments', uid: r.uuid() } }));
    case 'k8s-status-failure': {
      const name = `${r.pick(SERVICES)}-${r.alnum(5)}`;
      const v = r.pick([
        { message: `pods "${name}" not found`, reason: 'NotFound', details: { name, kind: 'pods' }, code: 404 },
        { message: `deployments.apps "${r.pick(SERVICES)}" already exists`, reason: 'AlreadyExists', details: { name: r.pick(SERVICES), group: 'apps', kind: 'deployments' }, code: 409 },
        { message: `pods is forbidden: User "system:serviceaccount:${r.pick(NAMESPACES)}:default" cannot list resource "pods" in API group "" in the namespace "kube-system"`, reason: 'Forbidden', details: { kind: 'pods' }, code: 403 },
        { message: 'Operation cannot be fulfilled on configmaps "leader": the object has been modified; please apply your changes to the latest version and try again', reason: 'Conflict', details: { name: 'leader', kind: 'configmaps' }, code: 409 },
      ]);
      const o = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...v };
      return r.chance(0.6) ? one(JSON.stringify(o)) : one(appJson(g, jsonStyle(g), 'warn', { en: 'apiserver rejected request', zh: 'apiserver 拒绝请求' }, 'status', o));
    }
    case 'code-ok': {
      const o = r.pick([
        () => ({ code: 0, message: 'success', data: { orderId: `SO${r.digits(14)}`, status: 'PAID' } }),
        () => ({ code: 200, message: 'OK', data: null }),
        () => ({ code: 0, msg: 'ok', request_id: r.uuid() }),
        () => ({ code: 200, msg: '操作成功', data: { total: r.range(0, 300) } }),
      ])();
      return r.chance(0.5) ? one(JSON.stringify(o)) : one(appJson(g, jsonStyle(g), 'info', { en: 'upstream response', zh: '上游返回' }, 'resp', o));
    }
    case 'app-numeric-code': {
      if (r.chance(0.5)) return one(JSON.stringify({ level: 'info', code: r.range(1, 3), msg: 'retry', attempt: r.range(1, 5), backoff_ms: r.pick([100, 200, 400, 800]) }));
      return one(JSON.stringify({ level: 'info', ts: clk.iso3(), msg: 'access', method: METHODS(r), path: r.pick(PATHS)(r), code: r.pick([404, 404, 500, 403, 401]), latency_ms: Math.round(latencyMs(r)), ip: ip(r) }));
    }
    case 'generic-error': {
      if (r.chance(0.2)) {
        const lines = [
          `${textPrefix(g, 'java')}Request processing failed: java.lang.NullPointerException: Cannot invoke "c.e.shop.order.Order.getItems()" because "order" is null`,
          '\tat c.e.shop.order.OrderService.total(OrderService.java:212)',
          '\tat c.e.shop.web.OrderController.checkout(OrderController.java:77)',
          '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
          '\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)',
        ];
        return { kind: k, lines: lines.slice(0, r.range(2, lines.length)) };
      }
      if (r.chance(0.15)) {
        return {
          kind: k,
          lines: ['Traceback (most recent call last):', '  File "/app/app/tasks/billing.py", line 88, in settle', '    amount = Decimal(row["amount"])', 'decimal.InvalidOperation: [<class \'decimal.ConversionSyntax\'>]'],
        };
      }
      if (r.chance(0.2)) {
        return one(JSON.stringify({ level: 50, time: clk.epochMs(), pid: 1, hostname: g.c.pod, err: { type: 'Error', message: `connect ECONNREFUSED ${ip(r)}:6379`, stack: `Error: connect ECONNREFUSED ${ip(r)}:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)` }, msg: 'redis connection error' }));
      }
      return one(`${textPrefix(g, r.pick(['java', 'klog', 'python', 'go-std', 'plain']), r.chance(0.7) ? 'error' : 'warn')}${r.pick(GENERIC_ERRORS)(r)}`);
    }
    case 'aws': {
      const [type, message] = r.pick(AWS);
      switch (r.int(5)) {
        case 0:
          return one(JSON.stringify({ __type: type, message }));
        case 1:
          return one(`${textPrefix(g, 'python')}botocore.exceptions.ClientError: An error occurred (${r.pick(['AccessDenied', 'InvalidParameterValue', 'ThrottlingException', 'NoSuchBucket'])}) when calling the ${r.pick(['GetObject', 'RunInstances', 'PutItem', 'ListBuckets'])} operation: ${r.pick(['Access Denied', 'Rate exceeded', 'The specified bucket does not exist'])}`);
        case 2:
          return one(`${textPrefix(g, 'klog')}"describe instances" err="operation error EC2: DescribeInstances, https response error StatusCode: 403, RequestID: ${r.uuid()}, api error UnauthorizedOperation: You are not authorized to perform this operation."`);
        case 3:
          return one(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>reports/${r.hex(8)}.csv</Key><RequestId>${r.hex(16).toUpperCase()}</RequestId><HostId>${r.hex(40)}</HostId></Error>`);
        default:
          return one(appJson(g, jsonStyle(g), 'error', { en: 'aws call failed', zh: 'AWS 调用失败' }, 'error', { __type: type, message }));
      }
    }
    case 'aliyun': {
      const [code, message, host] = r.pick(ALIYUN);
      const rid = r.uuid().toUpperCase();
      const o = { RequestId: rid, HostId: host, Code: code, Message: message, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=${host.split('.')[0]}&requestId=${rid}` };
      switch (r.int(5)) {
        case 0:
          return one(JSON.stringify(o));
        case 1:
          return one(appJson(g, jsonStyle(g), 'error', { en: 'aliyun call failed', zh: '阿里云调用失败' }, 'resp', o));
        case 2:
          return one(appJson(g, jsonStyle(g), 'error', { en: 'aliyun call failed', zh: '阿里云调用失败' }, 'body', JSON.stringify(o)));
        case 3:
          return one(`${textPrefix(g, 'python')}aliyunsdkcore.acs_exception.exceptions.ServerException: HTTP Status: 400 Error:${code} ${message} RequestID: ${rid}`);
        default:
          return {
            kind: k,
            lines: ['SDKError:', '   StatusCode: 400', `   Code: ${code}`, `   Message: code: 400, ${message} request id: ${rid}`, `   Data: ${JSON.stringify({ Code: code, HostId: host, Message: message, RequestId: rid, statusCode: 400 })}`],
          };
      }
    }
    case 'go-context': {
      switch (r.int(3)) {
        case 0:
          return one(`time="${clk.isoS()}" level=error msg="request failed" error="context deadline exceeded" path=${r.pick(PATHS)(r)}`);
        case 1:
          return one(`level=error ts=${clk.iso3()} caller=${r.pick(GO_FILES).replace(/^.*\//, '')} msg="failed to sync" err="context deadline exceeded"`);
        default:
          return one(JSON.stringify({ level: 'error', ts: clk.epochFloat(), caller: r.pick(GO_FILES), msg: 'dial failed', error: 'context deadline exceeded', target: `${ip(r)}:9090` }));
      }
    }
    case 'grpc':
      return one(`${textPrefix(g, 'klog')}"watch failed" err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial tcp ${ip(r)}:9090: connect: connection refused\\""`);
    case 'google-error':
      return one(JSON.stringify({ error: { code: r.pick([400, 403, 404, 429]), message: r.pick(['The caller does not have permission', 'Request had invalid authentication credentials.', 'Quota exceeded for quota metric']), status: r.pick(['PERMISSION_DENIED', 'UNAUTHENTICATED', 'RESOURCE_EXHAUSTED']) } }));
    default:
      // wechat-style errcode
      return one(JSON.stringify({ errcode: r.pick([40001, 40013, 45009, 48001]), errmsg: `invalid credential, access_token is invalid or not latest rid: ${r.hex(8)}-${r.hex(8)}-${r.hex(8)}` }));
  }
}

const DECOY_KINDS = weighted([
  ['tencent-success', 16], ['k8s-status-success', 6], ['k8s-status-failure', 8], ['code-ok', 10], ['app-numeric-code', 10],
  ['generic-error', 20], ['aws', 8], ['aliyun', 10], ['go-context', 6], ['grpc', 3], ['google-error', 2], ['wechat-errcode', 1],
]);

// ---------------------------------------------------------------------------------------------
// Runtime wrappers.

const NEEDS_DOCKER_ESCAPE = /[<>&\u2028\u2029]/;
const DOCKER_ESCAPES = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
/** JSON string as Docker's json-file driver writes it (Go escapes <, > and & too). */
function dockerString(s) {
  const j = JSON.stringify(s);
  return NEEDS_DOCKER_ESCAPE.test(j) ? j.replace(/[<>&\u2028\u2029]/g, (ch) => DOCKER_ESCAPES[ch]) : j;
}

/** Splits a line into <= 16 KiB pieces the way container runtimes do; null when it fits. */
function splitRuntime(line) {
  if (line.length <= RUNTIME_SPLIT_BYTES / 3) return null;
  const n = Buffer.byteLength(line);
  if (n <= RUNTIME_SPLIT_BYTES) return null;
  const pieces = [];
  if (n === line.length) {
    for (let i = 0; i < line.length; i += RUNTIME_SPLIT_BYTES) pieces.push(line.slice(i, i + RUNTIME_SPLIT_BYTES));
    return pieces;
  }
  // Non-ASCII: split on byte counts, backing off to a UTF-8 character boundary.
  const buf = Buffer.from(line);
  for (let i = 0; i < buf.length; ) {
    let end = Math.min(i + RUNTIME_SPLIT_BYTES, buf.length);
    while (end < buf.length && (buf[end] & 0xc0) === 0x80) end--;
    pieces.push(buf.toString('utf8', i, end));
    i = end;
  }
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// The generator proper.

function emptyStats(seed, target) {
  return {
    seed,
    targetBytes: target,
    bytes: 0,
    lines: 0,
    /** Log events (records) of any kind. */
    events: 0,
    /** Vendor error events (= lines of the truth file). */
    errors: 0,
    decoys: 0,
    /** Corpus lines inside truth spans, and corpus lines written for decoy events. */
    errorLines: 0,
    decoyLines: 0,
    normal: 0,
    truthBytes: 0,
    /** Error events spanning more than one line. */
    multiLineErrors: 0,
    /** Lines of >16 KiB before runtime splitting. */
    longLines: 0,
    /** Docker partial records (no trailing \n in log) plus CRI "P" lines. */
    partialLines: 0,
    vendors: { tencent: 0, huawei: 0, netease: 0 },
    errorShapes: {},
    decoyKinds: {},
    /** Events per runtime wrapper, and lines per runtime wrapper. */
    wrappers: {},
    wrapperLines: {},
    styles: {},
  };
}
function bump(obj, key, n = 1) {
  obj[key] = (obj[key] ?? 0) + n;
}

/**
 * Low-level synchronous generator. `nextBatch(limit)` returns the next ~limit bytes of corpus (as
 * a string of complete lines) plus the truth lines for the events in it; null once done.
 */
export class CorpusGenerator {
  constructor({ seed = 42, bytes } = {}) {
    if (!Number.isFinite(bytes) || bytes < 0) throw new Error('generateCorpus: `bytes` must be a non-negative number');
    this.r = new Rng(seed);
    this.clk = new Clock(this.r);
    this.pool = makeB64Pool(this.r, 65536);
    this.containers = [];
    for (let i = 0; i < 40; i++) this.containers.push(makeContainer(this.r));
    this.c = this.r.pick(this.containers);
    this.target = Math.floor(bytes);
    this.stats = emptyStats(seed, this.target);
    this.done = this.target === 0;
  }

  nextBatch(limit = DEFAULT_BATCH_BYTES) {
    if (this.done) return null;
    const out = [];
    const truth = [];
    const st = this.stats;
    const startBytes = st.bytes;
    while (st.bytes - startBytes < limit) {
      this.event(out, truth);
      if (st.bytes >= this.target) {
        this.done = true;
        break;
      }
    }
    return { corpus: out.join(''), truth: truth.join(''), lines: out.length };
  }

  event(out, truth) {
    const { r, stats } = this;
    if (r.chance(0.15)) this.c = r.pick(this.containers);
    const c = this.c;
    this.clk.tick();
    stats.events++;
    bump(stats.wrappers, c.wrapper);
    const x = r.next();
    let rec;
    let stream = 'stdout';
    if (x < ERROR_RATE) {
      rec = r.chance(LONG_ERROR_RATE) ? longErrorEvent(this) : errorEvent(this, ERROR_FORMS(r));
      stream = r.chance(0.7) ? 'stderr' : 'stdout';
      stats.errors++;
      stats.vendors[rec.vendor]++;
      bump(stats.errorShapes, rec.shape);
    } else if (x < ERROR_RATE + DECOY_RATE) {
      rec = decoyEvent(this);
      rec.start = -1;
      stream = r.chance(0.5) ? 'stderr' : 'stdout';
      stats.decoys++;
      bump(stats.decoyKinds, rec.kind);
    } else {
      rec = { lines: [r.chance(LONG_LINE_RATE) ? longLine(this, c, null) : normalLine(this, c)], start: -1 };
      if (c.style === 'java' || c.style === 'python' || c.style === 'klog') stream = r.chance(0.6) ? 'stderr' : 'stdout';
      stats.normal++;
      bump(stats.styles, c.style);
    }

    let first = 0;
    let spanned = 0;
    const linesBefore = stats.lines;
    const { lines, start } = rec;
    const end = start + (rec.count ?? 0);
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.clk.step();
      if (i === start) first = stats.lines + 1;
      const n = this.wrapLine(out, lines[i], stream, c);
      if (i >= start && i < end) spanned += n;
    }
    if (start >= 0) {
      const t = `{"line":${first},"lines":${spanned},"vendor":"${rec.vendor}","code":${JSON.stringify(rec.code)}}\n`;
      truth.push(t);
      stats.truthBytes += t.length;
      stats.errorLines += spanned;
      if (spanned > 1) stats.multiLineErrors++;
    } else if (rec.kind) stats.decoyLines += stats.lines - linesBefore;
  }

  /** Writes one content line through the container's runtime wrapper; returns lines written. */
  wrapLine(out, line, stream, c) {
    const stats = this.stats;
    const clk = this.clk;
    const pieces = c.wrapper === 'docker' || c.wrapper === 'cri' ? splitRuntime(line) : null;
    if (line.length > RUNTIME_SPLIT_BYTES / 3 && Buffer.byteLength(line) > RUNTIME_SPLIT_BYTES) stats.longLines++;
    let written = 0;
    const emit = (s) => {
      out.push(s);
      stats.bytes += s.length === Buffer.byteLength(s) ? s.length : Buffer.byteLength(s);
      written++;
    };
    if (c.wrapper === 'docker') {
      if (!pieces) emit(`{"log":${dockerString(`${line}\n`)},"stream":"${stream}","time":"${clk.iso9()}"}\n`);
      else {
        for (let i = 0; i < pieces.length; i++) {
          if (i > 0) clk.step();
          const last = i === pieces.length - 1;
          emit(`{"log":${dockerString(last ? `${pieces[i]}\n` : pieces[i])},"stream":"${stream}","time":"${clk.iso9()}"}\n`);
          if (!last) stats.partialLines++;
        }
      }
    } else if (c.wrapper === 'cri') {
      if (!pieces) emit(`${clk.iso9()} ${stream} F ${line}\n`);
      else {
        for (let i = 0; i < pieces.length; i++) {
          if (i > 0) clk.step();
          const last = i === pieces.length - 1;
          emit(`${clk.iso9()} ${stream} ${last ? 'F' : 'P'} ${pieces[i]}\n`);
          if (!last) stats.partialLines++;
        }
      }
    } else if (c.wrapper === 'kubectl-ts') emit(`${clk.iso9()} ${line}\n`);
    else if (c.wrapper === 'kubectl-prefix') emit(`[pod/${c.pod}/${c.name}] ${line}\n`);
    else emit(`${line}\n`);
    stats.lines += written;
    bump(stats.wrapperLines, c.wrapper, written);
    return written;
  }
}

// ---------------------------------------------------------------------------------------------
// Public API.

function finishStats(stats) {
  stats.errorRatio = stats.events ? stats.errors / stats.events : 0;
  stats.decoyRatio = stats.events ? stats.decoys / stats.events : 0;
  return stats;
}

async function* iterate(gen, batchBytes) {
  for (;;) {
    const b = gen.nextBatch(batchBytes);
    if (!b) break;
    yield { corpus: Buffer.from(b.corpus, 'utf8'), truth: Buffer.from(b.truth, 'utf8'), lines: b.lines };
  }
  finishStats(gen.stats);
}

/**
 * Generates a corpus of about `bytes` bytes (it stops at the first event boundary at or past
 * `bytes`). Two ways to consume it:
 *  - with `onChunk`: returns Promise<stats>; `onChunk({ corpus, truth, lines })` is awaited for
 *    every batch (Buffers of complete lines), so a slow consumer throttles generation;
 *  - without: returns an async iterator of `{ corpus, truth, lines }` batches; `iterator.stats`
 *    holds the statistics (final once the iterator is exhausted).
 * `seed` is any integer or string. `batchBytes` (default 1 MiB) does not affect the output.
 */
export function generateCorpus({ seed = 42, bytes, batchBytes = DEFAULT_BATCH_BYTES, onChunk } = {}) {
  const gen = new CorpusGenerator({ seed, bytes });
  const it = iterate(gen, batchBytes);
  if (typeof onChunk === 'function') {
    return (async () => {
      for await (const chunk of it) await onChunk(chunk);
      return gen.stats;
    })();
  }
  it.stats = gen.stats;
  return it;
}

async function writeTo(stream, buf) {
  if (buf.length === 0) return;
  if (!stream.write(buf)) await once(stream, 'drain');
}
async function closeStream(stream) {
  if (stream === process.stdout) return;
  stream.end();
  await once(stream, 'finish');
}
async function openOut(path) {
  if (!path || path === '-') return process.stdout;
  await mkdir(dirname(resolve(path)), { recursive: true });
  const ws = createWriteStream(path, { highWaterMark: DEFAULT_BATCH_BYTES });
  await once(ws, 'open');
  return ws;
}

/** Generates straight to files (`out`: path or "-" for stdout; `truth`: optional path). */
export async function writeCorpus({ seed = 42, bytes, out, truth, batchBytes = DEFAULT_BATCH_BYTES } = {}) {
  const started = performance.now();
  const os = await openOut(out);
  const ts = truth ? await openOut(truth) : null;
  try {
    const stats = await generateCorpus({
      seed,
      bytes,
      batchBytes,
      onChunk: async ({ corpus, truth: t }) => {
        await writeTo(os, corpus);
        if (ts) await writeTo(ts, t);
      },
    });
    stats.elapsedMs = Math.round(performance.now() - started);
    return stats;
  } finally {
    await closeStream(os);
    if (ts) await closeStream(ts);
  }
}

function pct(n, d) {
  return d ? `${((100 * n) / d).toFixed(2)}%` : '0%';
}
function table2(obj, total) {
  return Object.entries(obj)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `    ${k.padEnd(36)} ${String(v).padStart(9)}  ${pct(v, total).padStart(7)}`)
    .join('\n');
}

/** Human-readable summary of a stats object. */
export function formatSummary(s) {
  const mb = (s.bytes / 1048576).toFixed(2);
  const lines = [
    `corpus: seed=${s.seed} bytes=${s.bytes} (${mb} MiB) lines=${s.lines} events=${s.events}`,
    `  errors=${s.errors} (${pct(s.errors, s.events)} of events; ${s.errorLines} lines = ${pct(s.errorLines, s.lines)} of lines)`,
    `  decoys=${s.decoys} (${pct(s.decoys, s.events)} of events; ${s.decoyLines} lines = ${pct(s.decoyLines, s.lines)} of lines)  normal=${s.normal}`,
    `  vendors: tencent=${s.vendors.tencent} huawei=${s.vendors.huawei} netease=${s.vendors.netease}  multi-line errors=${s.multiLineErrors}`,
    `  long lines (>16KiB)=${s.longLines}  partial records (docker partial + CRI P)=${s.partialLines}  truth=${s.truthBytes} bytes`,
  ];
  if (s.elapsedMs !== undefined) lines.push(`  generated in ${(s.elapsedMs / 1000).toFixed(2)} s (${(s.bytes / 1048576 / Math.max(s.elapsedMs / 1000, 1e-3)).toFixed(1)} MiB/s)`);
  lines.push('  wrappers (events):', table2(s.wrappers, s.events));
  lines.push('  wrappers (lines):', table2(s.wrapperLines, s.lines));
  lines.push('  error shapes:', table2(s.errorShapes, s.errors));
  lines.push('  decoy kinds:', table2(s.decoyKinds, s.decoys));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// CLI.

const USAGE = `usage: node scripts/bench/generate-corpus.mjs [--seed N] (--mb N | --bytes N) [--out FILE|-] [--truth FILE]
                                          [--batch-kb N] [--json] [--quiet]
  --seed     PRNG seed, integer or string (default 42)
  --mb       size in MiB (fractions allowed); --bytes for an exact byte target
  --out      corpus file, "-" for stdout (default bench-out/corpus.log)
  --truth    ground-truth NDJSON file (default: none)
  --json     print the summary on stderr as one JSON object
  --quiet    no summary`;

function parseArgs(argv) {
  const o = parseOptions(argv, { seed: 42, bytes: undefined, out: 'bench-out/corpus.log', truth: undefined, batchKb: 1024, json: false, quiet: false }, {
    '--seed': ['seed', (v) => (/^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : v)],
    '--mb': ['bytes', (v) => Math.round(Number(v) * 1048576)],
    '--bytes': ['bytes', (v) => Math.round(Number(v))],
    '--out': ['out', text],
    '--truth': ['truth', text],
    '--batch-kb': ['batchKb', Number],
    '--json': ['json', FLAG],
    '--quiet': ['quiet', FLAG],
  });
  if (!o.help && (o.bytes === undefined || !Number.isFinite(o.bytes) || o.bytes < 0)) throw new Error('--mb or --bytes is required');
  if (!(o.batchKb > 0)) throw new Error('--batch-kb must be positive');
  return o;
}

async function main(o) {
  if (o.out === '-') {
    // `... --out - | head`: stop quietly when the reader goes away.
    process.stdout.on('error', (e) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  const stats = await writeCorpus({ seed: o.seed, bytes: o.bytes, out: o.out, truth: o.truth, batchBytes: Math.round(o.batchKb * 1024) });
  if (o.json) process.stderr.write(`${JSON.stringify(stats)}\n`);
  else if (!o.quiet) process.stderr.write(`${formatSummary(stats)}\n`);
  return 0;
}

runAsMain(import.meta.url, { name: 'generate-corpus', usage: USAGE, parseArgs, main });
