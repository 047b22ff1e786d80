/**
 * Every ISO 3166-1 country, one a line: alpha-2 code, alpha-3 code, then the names a form may
 * hold, separated by "|": CLDR's English short name, then official, common and a few native names.
 */
export const COUNTRIES = `
ad and Andorra
ae are United Arab Emirates|UAE|Emirates
af afg Afghanistan
ag atg Antigua & Barbuda
ai aia Anguilla
al alb Albania
am arm Armenia
ao ago Angola
aq ata Antarctica
ar arg Argentina
as asm American Samoa
at aut Austria
au aus Australia
aw abw Aruba
ax ala Åland Islands
az aze Azerbaijan
ba bih Bosnia & Herzegovina|Bosnia
bb brb Barbados
bd bgd Bangladesh
be bel Belgium
bf bfa Burkina Faso
bg bgr Bulgaria
bh bhr Bahrain
bi bdi Burundi
bj ben Benin
bl blm St. Barthélemy
bm bmu Bermuda
bn brn Brunei|Brunei Darussalam
bo bol Bolivia|Plurinational State of Bolivia
bq bes Caribbean Netherlands|Bonaire, Sint Eustatius and Saba|Bonaire
br bra Brazil|Brasil
bs bhs Bahamas
bt btn Bhutan
bv bvt Bouvet Island
bw bwa Botswana
by blr Belarus
bz blz Belize
ca can Canada
cc cck Cocos (Keeling) Islands
cd cod Congo - Kinshasa|Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa
cf caf Central African Republic
cg cog Congo - Brazzaville|Republic of the Congo|Congo|Congo-Brazzaville
ch che Switzerland|Schweiz|Suisse
ci civ Côte d'Ivoire|Ivory Coast|Cote d'Ivoire
ck cok Cook Islands
cl chl Chile
cm cmr Cameroon
cn chn China|People's Republic of China|PRC
co col Colombia
cr cri Costa Rica
cu cub Cuba
cv cpv Cape Verde|Cabo Verde
cw cuw Curaçao
cx cxr Christmas Island
cy cyp Cyprus
cz cze Czechia|Czech Republic
de deu Germany|Deutschland
dj dji Djibouti
dk dnk Denmark
dm dma Dominica
do dom Dominican Republic
dz dza Algeria
ec ecu Ecuador
ee est Estonia
eg egy Egypt
eh esh Western Sahara
er eri Eritrea
es esp Spain|España
et eth Ethiopia
fi fin Finland
fj fji Fiji
fk flk Falkland Islands|Falklands|Malvinas
fm fsm Micronesia|Federated States of Micronesia
fo fro Faroe Islands
fr fra France
ga gab Gabon
gb gbr United Kingdom|UK|Great Britain|Britain|England|Scotland|Wales|Northern Ireland|United Kingdom of Great Britain and Northern Ireland
gd grd Grenada
ge geo Georgia
gf guf French Guiana
gg ggy Guernsey
gh gha Ghana
gi gib Gibraltar
gl grl Greenland
gm gmb Gambia
gn gin Guinea
gp glp Guadeloupe
gq gnq Equatorial Guinea
gr grc Greece
gs sgs South Georgia & South Sandwich Islands
gt gtm Guatemala
gu gum Guam
gw gnb Guinea-Bissau
gy guy Guyana
hk hkg Hong Kong SAR China|Hong Kong|Hong Kong SAR
hm hmd Heard & McDonald Islands|Heard Island and McDonald Islands
hn hnd Honduras
hr hrv Croatia
ht hti Haiti
hu hun Hungary
id idn Indonesia
ie irl Ireland
il isr Israel
im imn Isle of Man
in ind India
io iot British Indian Ocean Territory
iq irq Iraq
ir irn Iran|Islamic Republic of Iran|Iran, Islamic Republic of
is isl Iceland
it ita Italy|Italia
je jey Jersey
jm jam Jamaica
jo jor Jordan
jp jpn Japan
ke ken Kenya
kg kgz Kyrgyzstan
kh khm Cambodia
ki kir Kiribati
km com Comoros
kn kna St. Kitts & Nevis
kp prk North Korea|Democratic People's Republic of Korea|DPRK|Korea, Democratic People's Republic of
kr kor South Korea|Korea|Republic of Korea|Korea, Republic of
kw kwt Kuwait
ky cym Cayman Islands
kz kaz Kazakhstan
la lao Laos|Lao People's Democratic Republic|Lao PDR
lb lbn Lebanon
lc lca St. Lucia
li lie Liechtenstein
lk lka Sri Lanka
lr lbr Liberia
ls lso Lesotho
lt ltu Lithuania
lu lux Luxembourg
lv lva Latvia
ly lby Libya
ma mar Morocco
mc mco Monaco
md mda Moldova|Republic of Moldova|Moldova, Republic of
me mne Montenegro
mf maf St. Martin|Saint Martin (French part)
mg mdg Madagascar
mh mhl Marshall Islands
mk mkd North Macedonia|Macedonia|Republic of North Macedonia
ml mli Mali
mm mmr Myanmar (Burma)|Myanmar|Burma
mn mng Mongolia
mo mac Macao SAR China|Macao|Macau|Macao SAR
mp mnp Northern Mariana Islands
mq mtq Martinique
mr mrt Mauritania
ms msr Montserrat
mt mlt Malta
mu mus Mauritius
mv mdv Maldives
mw mwi Malawi
mx mex Mexico|México
my mys Malaysia
mz moz Mozambique
na nam Namibia
nc ncl New Caledonia
ne ner Niger
nf nfk Norfolk Island
ng nga Nigeria
ni nic Nicaragua
nl nld Netherlands|Holland|Nederland
no nor Norway
np npl Nepal
nr nru Nauru
nu niu Niue
nz nzl New Zealand
om omn Oman
pa pan Panama
pe per Peru
pf pyf French Polynesia
pg png Papua New Guinea
ph phl Philippines
pk pak Pakistan
pl pol Poland
pm spm St. Pierre & Miquelon
pn pcn Pitcairn Islands
pr pri Puerto Rico
ps pse Palestinian Territories|Palestine|State of Palestine
pt prt Portugal
pw plw Palau
py pry Paraguay
qa qat Qatar
re reu Réunion
ro rou Romania
rs srb Serbia
ru rus Russia|Russian Federation
rw rwa Rwanda
sa sau Saudi Arabia
sb slb Solomon Islands
sc syc Seychelles
sd sdn Sudan
se swe Sweden
sg sgp Singapore
sh shn St. Helena|Saint Helena, Ascension and Tristan da Cunha
si svn Slovenia
sj sjm Svalbard & Jan Mayen
sk svk Slovakia
sl sle Sierra Leone
sm smr San Marino
sn sen Senegal
so som Somalia
sr sur Suriname
ss ssd South Sudan
st stp São Tomé & Príncipe
sv slv El Salvador
sx sxm Sint Maarten|Sint Maarten (Dutch part)
sy syr Syria|Syrian Arab Republic
sz swz Eswatini|Swaziland
tc tca Turks & Caicos Islands
td tcd Chad
tf atf French Southern Territories
tg tgo Togo
th tha Thailand
tj tjk Tajikistan
tk tkl Tokelau
tl tls Timor-Leste|East Timor
tm tkm Turkmenistan
tn tun Tunisia
to ton Tonga
tr tur Türkiye|Turkey
tt tto Trinidad & Tobago
tv tuv Tuvalu
tw twn Taiwan|Taiwan, Province of China
tz tza Tanzania|United Republic of Tanzania|Tanzania, United Republic of
ua ukr Ukraine
ug uga Uganda
um umi U.S. Outlying Islands|United States Minor Outlying Islands|US Minor Outlying Islands
us usa United States|United States of America|America
uy ury Uruguay
uz uzb Uzbekistan
va vat Vatican City|Holy See|Vatican|Vatican City State
vc vct St. Vincent & Grenadines
ve ven Venezuela|Bolivarian Republic of Venezuela|Venezuela, Bolivarian Republic of
vg vgb British Virgin Islands|Virgin Islands, British
vi vir U.S. Virgin Islands|United States Virgin Islands|US Virgin Islands|Virgin Islands, U.S.
vn vnm Vietnam|Viet Nam
vu vut Vanuatu
wf wlf Wallis & Futuna
ws wsm Samoa
ye yem Yemen
yt myt Mayotte
za zaf South Africa
zm zmb Zambia
zw zwe Zimbabwe
`;
