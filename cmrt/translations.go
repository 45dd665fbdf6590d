package cmrt

// builtinTranslations is the fallback when a file's own L sheet is missing or
// damaged: RMI's translations of the answer options, read off CMRT 6.4's L
// sheet (keys DeclarationB96–B110). Column order follows Layout.Languages:
// English first, then Chinese, Japanese, Korean, French, Portuguese, German,
// Spanish, Italian, Turkish.
var builtinTranslations = [][]string{
	{"Yes", "是", "はい", "예", "Oui", "Sim", "Ja", "Si", "sì", "Evet"},
	{"No", "否", "いいえ", "아니오", "No", "Não", "Nein", "No", "no", "Hayır"},
	{"Unknown", "未知", "不明", "파악되지 않음", "Inconnu", "Desconhecido", "Nicht bekannt", "Desconocido", "Ignoto", "Bilinmiyor"},
	{"Greater than 90%", "大于 90%", "90%超", "90% 이상", "– Supérieur à 90 %", "Acima de 90%", "Größer als 90 %", "Más del 90%", "Oltre il 90%", "%90'dan fazla"},
	{"Greater than 75%", "大于 75%", "75%超", "75% 이상", "– Supérieur à 75 %", "Acima de 75%", "Größer als 75 %", "Más del 75%", "Oltre il 75%", "%75'ten fazla"},
	{"Greater than 50%", "大于 50%", "50%超", "50% 이상", "– Supérieur à 50 %", "Acima de 50%", "Größer als 50 %", "Más del 50%", "Oltre il 50%", "%50'den fazla"},
	{"50% or less", "50% 或更小", "50%以下", "50% 미만", "50 % ou moins", "50% ou menos", "50 % oder weniger", "50% o menos", "50% o meno", "%50 veya daha az"},
	{"None", "完全没有", "ゼロ", "없음", "Aucun", "Nenhum", "Keine", "Ninguno", "nessuno", "Hiçbiri"},
	{"Yes, in conformance with IPC-1755 [e.g., CMRT]", "是，符合 IPC-1755 [例如 CMRT]", "はい、IPC-1755 [CMRTなど]に準拠する", "Yes, IPC-1755 준수[예: CMRT]", "Oui, conformément à IPC-1755 [par ex., CMRT]", "Sim, em conformidade com o IPC-1755 [por exemplo, CMRT]", "Ja, konform mit IPC-1755 [z. B. CMRT]", "Sí, de conformidad con IPC-1755 [p. ej. CMRT]", "Sì, in conformità con IPC-1755 [e.g., CMRT]", "Evet, IPC-1755 [ör, CMRT] standardına uygun olarak"},
	{"Yes, using other format (describe)", "是，使用其他格式（请描述）", "はい、他のフォーマットを使用する（記述する）", "Yes, 다른 형식 사용(설명 필수)", "Oui, par un autre mode (donnez des explications)", "Sim, usando outro formato (descrever)", "Ja, unter Verwendung eines anderen Formats (bitte beschreiben)", "Sí, a través de otro formulario (describa)", "Sì, utilizzando un altro formato (descrivere)", "Evet, diğer biçimi kullanarak (açıklayın)"},
	{"Yes, with the SEC", "是，符合 SEC 规定", "はい、SEC規則の対象である", "예, SEC에 제출", "Oui, avec la SEC", "Sim, com a SEC", "Ja, mit der SEC", "Sí, de conformidad con la SEC", "Sì, con la SEC", "Evet, SEC ile"},
	{"Yes, with the EU", "是，符合欧盟规定", "はい、EU規則の対象である", "예, EU에 제출", "Oui, avec l’UE", "Sim, com a UE", "Ja, mit der EU", "Sí, de conformidad con la UE", "Sì, con l’UE", "Evet, AB ile"},
	{"Yes, with the SEC and the EU", "是，符合 SEC 和欧盟规定", "はい、SEC規則とEU規則の対象である", "예, SEC 및 EU에 제출", "Oui, avec la SEC et l’UE", "Sim, com a SEC e a UE", "Ja, mit der SEC und der EU", "Sí, de conformidad con la SEC y la UE", "Sì, con la SEC e l’UE", "Evet, SEC ve AB ile"},
}
