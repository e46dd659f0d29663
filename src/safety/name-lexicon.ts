// Word lists for finding person names in typed clinical text. Written out by hand (no data download is possible here):
// common US given names and surnames, the names that are also ordinary words (these need capitalisation and context),
// and the words that follow an eponym ("Parkinson disease", "Murphy sign") so eponyms are never taken for names.

const words = (s: string): string[] =>
  s
    .trim()
    .split(/\s+/)
    .map((w) => w.toLowerCase());

export const GIVEN_NAMES = new Set(
  words(`
aaron abby abigail ada adam adrian adriana agnes aiden aisha alan albert alberto alec alejandra alejandro alex alexa alexander
alexandra alexis alfred alfredo ali alice alicia alison allen allison alma alvin amanda amber amelia amir amy ana andre andrea
andres andrew andy angel angela angelica angelina angie anita ann anna anne annette annie anthony antonio april arlene armando
arnold arthur arturo ashley audrey austin ava barbara barry beatrice becky belinda ben benjamin bernard bernice beth bethany betty
beverly bill billy blake bob bobby bonnie brad bradley brandon brenda brent brett brian briana bridget brittany brooke bruce bryan
bryce caitlin caleb calvin cameron camila candace carl carla carlos carmen carol carole caroline carolyn carrie casey cassandra
catherine cathy cecilia chad charlene charles charlie charlotte chelsea cheryl chloe chris christian christina christine christopher
cindy claire clara clarence claudia clayton clifford clinton clyde cody colin colleen connie connor constance corey cornell courtney
craig crystal curtis cynthia daisy dale damian dan dana daniel daniela danielle danny darlene darrell darren darryl daryl dave david
dawn dean deanna debbie deborah debra delores denise dennis derek derrick desiree devin diana diane dianne dolores dominic don donald
donna dora doris dorothy doug douglas duane dustin dwayne dylan earl ed eddie edgar edith edna eduardo edward edwin eileen elaine
eleanor elena eli elijah elizabeth ella ellen ellie elmer eloise elsa emily emma enrique eric erica erik erika erin ernest ernesto
esther ethan ethel eugene eva evan evelyn everett fatima felicia felix fernando florence floyd frances francis francisco frank
franklin fred freddie frederick gabriel gabriela gabrielle gail gary gavin gene geneva geoffrey george georgia gerald geraldine
gerardo gilbert gina gladys glen glenda glenn gloria gordon greg gregory gretchen guadalupe gwendolyn hailey haley hannah harold
harriet harry harvey hazel heather hector heidi helen henry herbert herman hilda holly howard hugo ian ida irene iris irma isaac
isabel isabella isaiah ivan jack jackie jackson jacob jacqueline jaime jake james jamie jan jane janet janice jared jasmine jason
javier jay jean jeanette jeanne jeff jeffery jeffrey jenna jennifer jenny jeremiah jeremy jerome jerry jesse jessica jessie jesus
jill jim jimmy jo joan joann joanna joanne joe joel joey john johnny jon jonathan jordan jorge jose joseph josephine josh joshua
joy joyce juan juanita judith judy julia julian julie julio june justin kaitlyn karen kari karl kate katherine kathleen kathryn
kathy katie katrina kay kayla keith kelly kelsey ken kendra kenneth kenny kent kerry kevin kim kimberly kirk kristen kristin
kristina kristy kurt kyle lana lance larry laura lauren laurie lawrence leah lee leila lena leo leon leonard leroy leslie lester
levi lewis lillian lily linda lindsay lindsey lisa liam lloyd logan lois lonnie loretta lori lorraine louis louise lucas lucia
lucille lucy luis luke luz lydia lynn mabel mackenzie madeline madison mae maggie malik mandy manuel marc marcia marco marcus
margaret margarita maria marian marianne marie marilyn mario marion marjorie mark marlene marsha marshall martha martin marvin mary
mason mateo matthew mattie maureen maurice max maxine maya megan melanie melinda melissa melody melvin mercedes meredith mia michael
micheal michele michelle miguel mike mildred miles milton mindy miranda miriam misty mitchell molly monica monique morgan muhammad
myra myrtle nadia nancy naomi natalie natasha nathan nathaniel neil nellie nelson nicholas nichole nick nicole nina noah noel nora
norma norman olga olivia omar oscar owen pablo paige pam pamela patricia patrick patsy patty paul paula pauline pearl pedro peggy
penny perry pete peter philip phillip phyllis priscilla rachel rafael ralph ramon ramona randall randy raquel raul ray raymond
rebecca regina reginald renee rhonda ricardo richard rick ricky riley rita rob robert roberta roberto robin rodney roger roland
ron ronald ronnie rosa rosalie rose rosemary ross roy ruben ruby rudy russell ruth ryan sabrina sadie sally salvador sam samantha
samuel sandra sandy sara sarah savannah scott sean sebastian sergio seth shane shannon sharon shawn sheila shelby shelly sherri
sherry shirley sidney silvia sofia sonia sonya sophia stacey stacy stanley stella stephanie stephen steve steven sue susan suzanne
sydney sylvia tamara tammy tanya tara taylor ted teresa terrance terrence terri terry thelma theodore theresa thomas tiffany tim
timothy tina toby todd tom tommy toni tony tonya tracey traci tracy travis trevor tricia troy tyler tyrone valerie vanessa vera
vernon veronica vicki vickie victor victoria vincent viola violet virgil virginia vivian wade wallace walter wanda warren wayne
wendy wesley whitney willard william willie wilma winston xavier yolanda yvette yvonne zachary zoe
abe archie bea bert bess betsy bev cass chet cris deb effie elle fay fran gabe gil gus hal hank ike izzy jed jen jody joni
jud kris les lew lou mel merv millie ned nell nico ollie phil roz russ shay sid stan stu tess theo vic viv wes zeke
`),
);

export const SURNAMES = new Set(
  words(`
adams alexander allen alvarez anderson andrews armstrong arnold austin bailey baker banks barnes barnett barrett becker bell bennett
berry bishop black boyd bradley brooks brown bryant burke burns butler byrd caldwell campbell carlson carpenter carr carroll carter
castillo castro chapman chavez clark cole coleman collins cook cooper cox crawford cruz cunningham curtis daniels davidson davis
day dean delgado diaz dixon douglas duncan dunn edwards elliott ellis evans ferguson fernandez fisher fleming fletcher flores ford
foster fowler fox franklin freeman garcia gardner garrett garza gibson gilbert gomez gonzales gonzalez gordon graham grant gray
green greene griffin gutierrez hall hamilton hansen hanson harper harris harrison hart harvey hawkins hayes henderson henry
hernandez herrera hicks hill hoffman holland holmes hopkins howard howell hudson hughes hunt hunter jackson jacobs james jenkins
jensen jimenez johnson johnston jones jordan kelley kelly kennedy king knight lane larson lawrence lawson lee lewis little long
lopez lynch marshall martin martinez mason matthews mcdonald mendoza meyer miller mills mitchell montgomery moore morales moreno
morgan morris morrison murphy murray myers nelson nguyen nichols obrien oliver olson ortiz owens palmer parker patel patterson
payne perez perkins perry peters peterson phillips pierce porter powell price ramirez ramos reed reid reyes reynolds rice
richards richardson riley rivera roberts robertson robinson rodriguez rogers romero rose ross ruiz russell ryan sanchez sanders
schmidt schneider schultz scott shaw simmons simpson sims smith snyder soto spencer stanley stephens stevens stewart stone
sullivan sutton taylor thomas thompson torres tran tucker turner vargas vasquez wagner walker wallace walsh ward warren washington
watkins watson weaver webb weber welch wells west wheeler white williams williamson willis wilson wood woods wright young
zimmerman abbott acosta aguilar baldwin barber barker barton bates beck benson blair bowman brady bridges burgess bush cannon
cantu christensen clarke cobb cohen conner conway cortez craig davenport dawson dominguez doyle erickson estrada farmer figueroa
fitzgerald floyd frank frazier fuller gallagher gallegos gates gill glover goodman graves greer gross guerrero hale haynes hess
higgins hodges hogan holt hubbard ingram jennings joseph keller kim klein koch kramer lambert lara lindsey lowe lucas lyons mack
maldonado mann manning marsh maxwell mccarthy mccoy mckinney medina molina moody morton moss mullins munoz nash newman norris
norton oconnor odonnell oneal oneill page park parks parsons pearson pena peterson poole pratt quinn ray rhodes richmond rios
robbins rowe salazar sandoval saunders schwartz sharp shelton sherman silva singh steele stokes strickland summers swanson tate
terry thornton todd townsend underwood valdez vaughn wade walters waters watts weiss whitaker wilkins wolfe yang zhang wang li liu
chen huang wu zhou doe roe kowalski nowak novak kaur khan ahmed ali hussain cohen levy friedman katz shapiro
`),
);

/**
 * Names that are also ordinary English words: taken as names only when capitalised mid-sentence or next to another name
 * token or a name cue, never from the lexicon alone ("Will start metformin", "may repeat", "bill the visit").
 */
export const AMBIGUOUS_NAME_WORDS = new Set(
  words(`
will may june april august mark bill hope grace joy faith rose ruby pearl iris lily violet daisy summer autumn dawn crystal
amber jack frank drew chase hunter carter cook baker miller young king white brown black green gray grey long hill wood woods
rich price bishop love major west banks lane hall walker fisher mason page park parks rice reed stone day dean cole gill
mills moody moss nash rowe sharp shaw sims stokes strong summers todd tucker wade ward waters watts wells bell berry bush cannon
christian cross doyle early fox gates glover graves hale hart holmes hunt jordan knight little lowe lucas marsh may noble norman
olive pace penny poole pratt ray ross rush salt sandy short snow sparks spencer swift terry victor wolfe york art bob guy don
sue pat ed al jan kay joy gene max miles lance chip bud rusty sunny sky river dale glen glenn earl gay dick jimmy bobby
sterling hardy carr fuller grant gross sharp little burns walker bridges potter porter weaver farmer barker barber
carpenter hunter ford gill floyd stanley rhodes holt hogan mack early strong nick angel ivy eve carol clay heather holly jade
misty melody sherry hazel olive stella gene max miles chip rich rob tom lou dean reed wade ray grant mercedes georgia virginia
florence austin jordan savannah madison cameron mills pierce joseph james
`),
);

/**
 * Nursing and clinical scales named for a person whose name is also a common surname: the scale only right before its
 * score ("Braden 14", "Morse 45", "Katz ADL 2/6", "Ballard 39 wk", "Hoehn and Yahr 3"), a person anywhere else.
 */
export const SCORE_EPONYMS = new Set(
  words(`
braden morse norton ballard katz barthel rankin ashworth tanner bishop hoehn yahr richmond riker finnegan padua ramsay
apgar gleason breslow clark fisher hunt hess wells geneva duke mallampati glasgow ranson alvarado apfel aldrete borg
`),
);

/**
 * Health insurers and plan brands (US payers): an organisation that names no one, whose member number is the identifier
 * ("Aetna mbr W746112862", "Harvard Pilgrim ID# 130808001-02"). One word, or the words of a name read together.
 */
export const INSURER_WORDS = new Set(
  words(`
aetna cigna humana anthem unitedhealthcare unitedhealth optum molina wellcare ambetter highmark premera amerigroup centene
caresource emblemhealth masshealth medi-cal tricare healthnet bcbs bcbsma
`),
);
export const INSURER_PHRASES = new Set([
  'harvard pilgrim',
  'tufts health',
  'blue cross',
  'blue shield',
  'united healthcare',
  'health net',
  'point32health',
  'independence blue',
  'horizon blue',
  'fallon health',
  'neighborhood health',
  'priority health',
  'health alliance',
]);

/** Words that, right after a capitalised word, make it an eponym ("Parkinson disease", "Murphy's sign", "Wells score"). */
export const EPONYM_FOLLOWERS = new Set(
  words(`
disease diseases syndrome syndromes sign signs score scores criteria criterion palsy phenomenon fracture cyst test tests maneuver
manoeuvre reflex triad classification scale stage staging type dystrophy lymphoma sarcoma tumor tumour ulcer esophagus node nodes
ganglion law rule rules equation formula index position procedure operation repair catheter tube line block disorder variant
angina arteritis thyroiditis encephalopathy aphasia area bundle contracture deformity diverticulum hernia node nodule phenomenon
point pouch space spots respiration breathing murmur gallop bodies body cells cell nodules ring tract tremor psychosis dementia
negative positive equivocal coma croup virus infection fever lesion lesions anomaly malformation muscular pentad inventory questionnaire solution sequence agar medium stain staining method principle effect curve plot protocol
grade grades level levels frame oesophagus esophageal oesophageal bladder kidney membrane glands gland granules granulomas
`),
);

/** Anatomy named "X of <person>": "circle of Willis", "loop of Henle", "islets of Langerhans", "ampulla of Vater". */
export const EPONYM_ANATOMY = new Set(
  words(`
circle loop islets islet pouch ampulla sphincter bundle canal canals space triangle ligament duct ducts organ organs crypts
glands foramen tetralogy angle line lines column columns nerve node nodes plexus valve tubercle fascia capsule
`),
);

/** Titles and role words that introduce a name. */
export const NAME_TITLES = new Set(
  words(
    `mr mrs ms miss mx dr doctor prof professor sr sra srta mister madam officer sgt sergeant det detective trooper capt lt rev fr`,
  ),
);

/**
 * Ordinary words that are never taken for a name, even next to a name cue or before an age ("Pt is 67M", "Saw today,
 * 54 yo F"). Function words, clinical note vocabulary, days and months.
 */
export const NEVER_NAME_WORDS = new Set(
  words(`
a about above after again against all also am an and any are as at be because been before being below between both but by can
cannot could did do does doing done down during each few for from further had has have having he her here hers herself him himself
his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own
same she should so some such than that the their theirs them then there these they this those through to too under until up very
was we were what when where which while who whom why with would you your yours yourself today tomorrow yesterday tonight now currently
recently presents presented presenting presentation admitted admission discharged discharge seen saw seeing see visit visits follow
followup follow-up history hx pmh psh fhx shx social family medical surgical past present chief complaint cc hpi ros exam pe labs
lab vitals vital meds medications medication allergies allergy nkda plan assessment impression dx diagnosis ddx problem problems
note notes new old known with without s/p status post pt pts patient patients client veteran male female man woman boy girl
gentleman lady guy gal baby infant child kid adult teen teenager elderly yo yr yrs year years old month months week weeks day days
hour hours minute minutes the his her their presents reports report reported complains complaining denies denied endorses endorsed
states stated says said per re regarding question questions q thanks thank please hi hello dear team consult consulting curbside
quick help advice recommend recommendation recommendations guideline guidelines evidence what which should would could can does
mondays tuesdays wednesdays thursdays fridays saturdays sundays achilles
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november
december jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun am pm er ed icu ccu ward clinic
hospital unit floor room bed home nursing snf rehab outpatient inpatient primary care pcp provider doctor nurse rn np pa md do
bp hr rr temp spo2 sats o2 wt ht bmi a1c egfr ldl hdl tg tsh cr k na bun inr ast alt hgb hb wbc plt cbc bmp cmp ua ekg ecg cxr ct mri
us echo iv po im sc sq prn bid tid qid qd qhs qam daily weekly monthly mg mcg g kg ml l units unit tab tabs cap caps
htn dm t2dm t1dm dm2 ckd copd osa mdd ptsd sud lbp oa mtbi tbi af afib hf hfref hfpef cad mi cva tia pe dvt gerd uti aki
chf esrd hld ibs ra sle ms als cp sob doe n/v abd lle rle llq rlq ruq luq heent cv resp gi gu msk neuro psych skin ext
type stage grade class level score mild moderate severe acute chronic stable unstable controlled uncontrolled poorly well
positive negative normal abnormal elevated low high increased decreased worsening improving improved started stopped continue
continued start stop increase decrease titrate switch add added hold held taper wean check repeat order ordered consider
yes ok okay also already still again since until ago recent last next first second third other another both either neither
left right bilateral lower upper pain ache fever cough chest abdominal back head neck knee hip shoulder
`),
);

/** Countries, continents and nationalities: not identifiers under Safe Harbor, and never a person's name. */
export const COUNTRY_WORDS = new Set(
  words(`
africa african america american americas asia asian europe european australia australian antarctica arctic caribbean
latin hispanic afghanistan albania algeria argentina armenia austria bangladesh belgium bolivia bosnia brazil brazilian bulgaria
cambodia cameroon canada canadian chile china chinese colombia congo croatia cuba cuban czech denmark dominican ecuador egypt
el salvador england english eritrea ethiopia fiji finland france french germany german ghana greece greek guatemala guinea haiti
haitian honduras hungary india indian indonesia iran iraq ireland irish israel italy italian jamaica jamaican japan japanese
jordan kenya korea korean kuwait laos lebanon liberia libya malaysia mali mexico mexican mongolia morocco mozambique myanmar
nepal netherlands dutch nicaragua niger nigeria norway pakistan panama paraguay peru philippines filipino poland polish portugal
puerto rico romania russia russian rwanda saudi arabia senegal serbia sierra leone singapore somalia south sudan spain spanish
sri lanka sudan sweden switzerland syria taiwan tanzania thailand togo turkey uganda ukraine united kingdom states uk usa
uruguay uzbekistan venezuela vietnam vietnamese yemen zambia zimbabwe scotland wales middle east southeast caucasian
bahamas madagascar syrian adirondack adirondacks caribbean carribean latino latina latinx native alaskan pacific islander ashkenazi jewish arab arabic hawaiian
somali nigerian ethiopian european-american asian-american northern southern eastern western central
escherichia neisseria haemophilus streptococcus staphylococcus klebsiella pseudomonas clostridium clostridioides salmonella
shigella listeria legionella mycobacterium candida aspergillus cryptococcus giardia entamoeba plasmodium toxoplasma treponema
borrelia chlamydia rickettsia bordetella helicobacter campylobacter enterococcus proteus serratia enterobacter acinetobacter
bacteroides moraxella mycoplasma histoplasma coccidioides blastomyces trichomonas gardnerella yersinia vibrio brucella
francisella bartonella ehrlichia anaplasma babesia trypanosoma leishmania schistosoma strongyloides
`),
);

/** Eponyms and method names of medicine that are not also common surnames: never a patient's name. */
export const EPONYMS = new Set(
  words(`
doppler valsalva glasgow apgar gleason breslow mallampati romberg trendelenburg babinski kernig brudzinski lachman mcmurray
phalen tinel finkelstein spurling heimlich swan ganz whipple nissen roux hartmann billroth colles lisfranc chopart charcot
kawasaki lyme epstein barr ehlers danlos parkinson alzheimer huntington raynaud kaposi tourette guillain barre hashimoto
sjogren sjögren crohn hodgkin cushing marfan wernicke korsakoff broca lewy creutzfeldt jakob hirschsprung meckel wilms ewing
burkitt dupuytren peyronie osgood schlatter perthes bartholin virchow kussmaul cheyne mobitz wenckebach brugada prinzmetal
takotsubo dressler fournier felty behcet wegener churg goodpasture alport fanconi bartter gitelman liddle klinefelter noonan
prader willi angelman asperger duchenne schaffer darrow yannet giemsa ziehl neelsen papanicolaou westergren coombs schilling
mantoux kveim sabouraud thayer lowenstein loeffler hib tdap mmr bcg epworth wells-score framingham ranson apache sofa qsofa
curb nihss heberden bouchard homans trousseau chvostek cullen grey-turner rovsing psoas obturator mcburney kehr kocher
wong-baker glasgow-blatchford stevens-johnson child-pugh lund-browder spetzler-martin waterlow deauville rockall karnofsky
oswestry beighton killip centor caprini sgarbossa brunnstrom folstein
`),
);
