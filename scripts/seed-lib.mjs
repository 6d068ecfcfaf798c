// Synthetic members for the directory: a deterministic generator (member i depends only on
// the seed and i) and batched inserts. Used by scripts/seed.mjs (`npm run seed`) and by the
// directory benchmark (bench/run.mjs). Plain JS, no framework; needs `pg` and `argon2`.
//
// Seeded rows are marked with statement = SEED_STATEMENT, and their emails carry the member's
// index (`firstname.lastname.N@domain`), so a re-run continues after the highest index and
// `--reset` deletes exactly them.

export const SEED_STATEMENT = 'seeded';
export const SEEDED_PASSWORD = 'seeded-member-password';
export const DEFAULT_SEED = 20111201; // the paper's month

// ---------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(a) {
  let s = a >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed for member `index` of run `seed` (splitmix-style mixing). */
function memberSeed(seed, index) {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  chance(p) {
    return this.next() < p;
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
  /** `table` is a Weighted (below). */
  weighted(table) {
    return table.pick(this.next());
  }
}

/** A weighted choice table built once: [[value, weight], …]. */
class Weighted {
  constructor(entries) {
    this.values = entries.map((e) => e[0]);
    this.cumulative = [];
    let total = 0;
    for (const [, w] of entries) this.cumulative.push((total += w));
    this.total = total;
  }
  pick(u) {
    const x = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

// ---------------------------------------------------------------------------------------
// Text helpers

/** Accents and special letters folded to ASCII, lower case, only [a-z0-9]. */
export function asciiFold(s) {
  return s
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[đĐ]/g, 'd')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const slug = (s) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** ORCID check digit (ISO 7064 11,2) of the first 15 digits. */
export function orcidCheckDigit(base15) {
  let total = 0;
  for (const d of base15) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function listJoin(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------
// Names by region: given names (men, women) and family names. `a|b`: male|female form
// (Kowalski|Kowalska, Ó Briain|Ní Bhriain).

const NAMES = {
  uk: {
    m: 'James Oliver Thomas William Harry George Jack Daniel Matthew Samuel Benjamin Joseph David Michael Christopher Andrew Richard Robert Mark Paul Stephen Simon Peter Jonathan Alexander Edward Henry Charlie Luke Adam Nathan Ryan Callum Rhys Owen Dylan Gareth Iain Alistair Hamish Fraser Euan Tom Ben Joe Liam Craig Scott Gavin Neil Stuart Graham Martin Kevin Anthony Ian Gordon Duncan Rory Angus',
    f: 'Emma Sophie Charlotte Emily Hannah Lucy Olivia Amelia Grace Jessica Rebecca Laura Sarah Katherine Elizabeth Victoria Rachel Helen Claire Joanne Nicola Louise Gemma Alice Eleanor Harriet Isobel Megan Chloe Ellie Holly Amy Zoe Natalie Rosie Abigail Fiona Morag Eilidh Catriona Rhiannon Ffion Cerys Siân Bethan Kirsty Ruth Jane Anne Susan Caroline Philippa Imogen Freya Poppy Jennifer Alison',
    l: "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel Hughes Edwards Turner Hill Moore Cooper Harris Ward Martin King Lewis Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Griffiths Young Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Jackson Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomas Morton Maclean Mackenzie Fraser Cameron Sinclair Macleod Gallagher Llewellyn Pryce Vaughan",
  },
  ie: {
    m: 'Seán Ciarán Pádraig Conor Cian Darragh Eoin Oisín Cillian Fionn Niall Declan Colm Dónal Tadhg Ruairí Diarmuid Brian Kieran Shane Aidan Ronan Barry Dermot Fergal Killian Micheál',
    f: 'Aoife Siobhán Niamh Saoirse Caoimhe Róisín Orla Clodagh Gráinne Sinéad Áine Ciara Ailbhe Méabh Aisling Emer Fiadh Deirdre Bríd Nuala Eimear Orlaith Úna Maeve',
    l: "Murphy Kelly O'Sullivan Walsh Byrne Ryan O'Brien O'Connor McCarthy Doyle Lynch Murray Quinn Moore McLoughlin O'Neill Brennan Burke Collins Campbell Clarke Dunne Fitzgerald Kennedy Gallagher Daly Kavanagh Nolan Power Hayes Keane Ó_Briain|Ní_Bhriain Mac_Cárthaigh|Nic_Cárthaigh Ó_Súilleabháin|Ní_Shúilleabháin Ó_Dónaill|Ní_Dhónaill Ó_Ceallaigh|Ní_Cheallaigh Mac_Giolla_Phádraig|Nic_Giolla_Phádraig Ó_Floinn|Ní_Fhloinn Ó_Néill|Ní_Néill Ó_Raghallaigh|Ní_Raghallaigh",
  },
  ng: {
    m: 'Chinedu Emeka Oluwaseun Tunde Adebayo Ikechukwu Obinna Chukwuemeka Babatunde Yusuf Ibrahim Musa Abdullahi Femi Olumide Kelechi Uche Nnamdi Segun Kayode Bello Aminu Sani Ifeanyi Godwin Tobi',
    f: 'Ngozi Adaeze Chiamaka Funmilayo Folake Aisha Amina Zainab Oluwakemi Yetunde Chioma Nneka Ifeoma Blessing Temitope Halima Hadiza Bukola Titilayo Ebele Uchenna Adaora Omolara',
    l: 'Okafor Adeyemi Balogun Eze Okonkwo Abubakar Ibrahim Olawale Nwosu Obi Adebayo Ogunleye Okeke Onyekachi Bello Mohammed Usman Aliyu Nwachukwu Oyelaran Akinola Ojo Chukwu Adeleke Olatunji Igwe Anyanwu Danjuma Suleiman Afolabi Ayodele Ogundipe Uzoma Nnadi Babangida',
  },
  gh: {
    m: 'Kwame Kofi Kwabena Yaw Kwaku Kojo Kwesi Nana Emmanuel Samuel Prince Ebenezer Isaac Fiifi Kobina Selorm Edem Mawuli Richmond',
    f: 'Ama Akosua Abena Efua Adwoa Yaa Akua Afia Esi Adjoa Nana Gifty Abigail Esther Priscilla Dzifa Akorfa Naa Mansa',
    l: 'Mensah Asante Boateng Owusu Osei Agyeman Appiah Darko Ofori Amoah Antwi Adjei Bonsu Asamoah Quaye Tetteh Ansah Addo Acheampong Sarpong Annan Amponsah Gyamfi Nkrumah Frimpong Kuffour Agyei Badu',
  },
  ke: {
    m: 'Brian Kevin Dennis Collins Otieno Kamau Kiprop Kiprono Mwangi Onyango Wafula Kipchoge Baraka Juma Omondi Cheruiyot Njoroge Kibet Victor Felix',
    f: 'Faith Mercy Grace Wanjiru Achieng Njeri Wambui Akinyi Chebet Jepkemboi Wairimu Atieno Nyokabi Naliaka Mumbua Auma Esther Lydia Purity Joy',
    l: 'Otieno Kamau Mwangi Ochieng Kiplagat Wanjala Mutua Njoroge Odhiambo Kariuki Kimani Omondi Wekesa Chege Kirui Koech Maina Muthoni Gitau Owino Ndirangu Keter Wambua Nyaga Mugo Kiprotich Barasa Makau',
  },
  za: {
    m: 'Thabo Sipho Bongani Mandla Themba Lwazi Sibusiso Tshepo Kagiso Pieter Johan Hendrik Willem Jacques Riaan Ruan Ashwin Kevin Yusuf Ayanda Lungile',
    f: 'Lerato Nomvula Zanele Thandeka Nandi Palesa Naledi Lindiwe Busisiwe Annelie Marelize Elmarie Carien Zintle Refilwe Priya Shireen Fatima Ayesha',
    l: 'Nkosi Dlamini Ndlovu Mokoena Khumalo Mthembu Zulu Sithole Mahlangu Mabaso Molefe Tshabalala Radebe Ngcobo van_der_Merwe Botha Pretorius Venter Nel du_Plessis Steyn Coetzee Naidoo Pillay Govender Reddy Moodley Adams Jacobs Hendricks Williams',
  },
  in: {
    m: 'Arjun Rahul Vikram Sanjay Rohan Aditya Amit Rajesh Suresh Anil Karthik Siddharth Nikhil Vivek Arvind Manoj Harish Pranav Abhishek Ravi Sandeep Gaurav Anand Ashok Venkatesh',
    f: 'Priya Ananya Deepika Kavita Sunita Anjali Pooja Neha Shreya Divya Lakshmi Meera Aishwarya Nandini Swati Kavya Radhika Sneha Aparna Shalini Rekha Bhavna Ritu',
    l: 'Sharma Patel Singh Gupta Iyer Reddy Nair Mukherjee Chatterjee Desai Menon Rao Kumar Verma Joshi Banerjee Pillai Kulkarni Agarwal Mehta Shah Bhat Chopra Malhotra Kapoor Srinivasan Krishnan Das Ghosh Bose Naidu Mishra Pandey Tiwari Yadav Saxena',
  },
  pk: {
    m: 'Muhammad Ahmed Ali Usman Bilal Imran Hamza Hassan Faisal Zeeshan Asad Kamran Tariq Waqas Adnan Salman Shahid Junaid Omar Fahad Irfan Nadeem',
    f: 'Fatima Ayesha Sana Hina Maryam Zainab Amna Saima Nadia Rabia Mehwish Sadia Iqra Farah Sobia Asma Samina Bushra Nida Aliya',
    l: 'Khan Qureshi Malik Chaudhry Butt Sheikh Raza Hussain Siddiqui Javed Akhtar Iqbal Mirza Abbasi Baig Rana Bhatti Anwar Aslam Shah Rehman Hashmi Gillani Awan Niazi Yousaf Jamil',
  },
  cn: {
    m: 'Wei Hao Lei Jun Tao Jian Ming Qiang Peng Bo Chao Xiaoming Zhiwei Jianguo Haoran Yifan Zihan Tianyu Kai Long',
    f: 'Jing Min Fang Mei Yan Li Na Xiaoyan Yu Ying Hui Lin Xin Ting Qian Yuxin Jiayi Xiaoli Shu Lan',
    l: 'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan',
  },
  jp: {
    m: 'Hiroshi Takeshi Kenji Daisuke Takumi Yuto Haruto Kazuki Shota Ryo Satoshi Makoto Kenta Naoki Tatsuya Shinji Koji Masaru Yusuke Akira',
    f: 'Yuki Haruka Aiko Sakura Naoko Yui Akiko Emi Keiko Mai Ayaka Misaki Nanami Rina Tomoko Yoko Kaori Megumi Chihiro Noriko',
    l: 'Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Sato Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Ishikawa Ogawa Okada Goto Hasegawa Fujita',
  },
  br: {
    m: 'João Lucas Gabriel Mateus Thiago Pedro Rafael Gustavo Felipe Bruno Rodrigo Leonardo André Marcelo Vinícius Caio Henrique Eduardo Diego Luiz Antônio Fábio',
    f: 'Ana Beatriz Mariana Larissa Camila Juliana Fernanda Letícia Gabriela Patrícia Aline Bruna Carolina Luana Vitória Isabela Tatiana Renata Débora Cláudia Luíza Márcia',
    l: 'Silva Santos Oliveira Souza Pereira Costa Ferreira Rodrigues Almeida Carvalho Gomes Ribeiro Lima Araújo Barbosa Rocha Martins Melo Cardoso Teixeira Correia Nascimento Moreira Monteiro Mendes Freitas Vieira Castro Dias Azevedo Conceição Cavalcanti',
  },
  mx: {
    m: 'José Juan Luis Alejandro Miguel Jorge Carlos Francisco Javier Ricardo Eduardo Fernando Raúl Héctor Arturo Sergio Emiliano Santiago Diego Rodrigo Jesús Ángel',
    f: 'María Guadalupe Sofía Valeria Ximena Fernanda Daniela Mariana Alejandra Gabriela Verónica Adriana Patricia Mónica Claudia Paola Andrea Regina Itzel Lucía Rocío Araceli',
    l: 'Hernández García Martínez López González Pérez Rodríguez Sánchez Ramírez Cruz Flores Gómez Morales Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno Castillo Romero Álvarez Méndez Chávez Rivera Juárez Domínguez',
  },
  es: {
    m: 'Javier Sergio Pablo Álvaro Carlos David Daniel Alejandro Adrián Jorge Miguel Manuel Antonio Francisco Iñaki Jordi Xavier Rubén Íñigo Óscar Raúl Joaquín',
    f: 'Lucía Carmen Marta Elena Nuria Laura Cristina Sara Paula Isabel Raquel Beatriz Ainhoa Irene Montserrat Pilar Rocío Ángela Begoña Inés Núria Sonia',
    l: 'García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Serrano Blanco Molina Castro Ortega Rubio Iglesias Garrido Sanz Núñez Medina Puig Ferrer Etxeberria',
  },
  it: {
    m: 'Marco Giuseppe Alessandro Francesco Luca Matteo Lorenzo Andrea Davide Stefano Riccardo Simone Federico Giovanni Paolo Niccolò Fabrizio Massimo Antonio Salvatore Gabriele',
    f: 'Giulia Chiara Francesca Federica Sara Martina Alessia Valentina Elisa Silvia Elena Laura Paola Alessandra Roberta Serena Ilaria Benedetta Caterina Beatrice Rosaria',
    l: 'Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Vitale Lo_Russo Di_Stefano Sorrentino',
  },
  fr: {
    m: 'Jean Pierre Nicolas Julien Mathieu François Antoine Sébastien Guillaume Thomas Alexandre Maxime Olivier Laurent Stéphane Benoît Jérôme Émile Théo Hugo Clément Aurélien',
    f: 'Camille Léa Chloé Hélène Amélie Élodie Marie Sophie Claire Julie Céline Aurélie Mathilde Manon Émilie Anaïs Nathalie Isabelle Valérie Agnès Margaux Inès',
    l: 'Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Müller Henry Roussel Perrin Chevalier',
  },
  de: {
    m: 'Lukas Jonas Maximilian Felix Jürgen Stefan Michael Andreas Thomas Tobias Florian Sebastian Alexander Matthias Christian Daniel Sören Jörg Björn Uwe Klaus Moritz Jan',
    f: 'Anna Lea Katharina Sabine Ursula Julia Laura Lisa Sarah Hannah Johanna Sophie Franziska Christina Miriam Susanne Birgit Anja Jana Lena Käthe Jutta Charlotte',
    l: 'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Köhler Groß Jäger Böhm Günther Vogel Weiß Hübner Kühn',
  },
  nl: {
    m: 'Jan Pieter Sander Bram Daan Maarten Joost Thijs Ruben Stijn Lars Niels Bas Koen Wouter Jeroen Sjoerd Gijs Rutger Tim Joris',
    f: 'Sanne Lotte Femke Anouk Eline Marieke Esther Ingrid Iris Fleur Lieke Noor Merel Saskia Roos Annelies Karin Mirjam Judith Floor',
    l: 'de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Visser Smit Meijer de_Boer Mulder de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer van_der_Linden Kok Jacobs de_Haan Vermeulen van_den_Heuvel van_der_Veen Kuipers',
  },
  pl: {
    m: 'Łukasz Piotr Krzysztof Tomasz Paweł Michał Wojciech Marcin Jakub Andrzej Grzegorz Mateusz Bartłomiej Kamil Rafał Jarosław Przemysław Szymon Maciej Adam',
    f: 'Agnieszka Katarzyna Małgorzata Joanna Zofia Anna Magdalena Monika Ewa Aleksandra Justyna Dorota Karolina Natalia Beata Marta Barbara Żaneta Weronika Jolanta',
    l: 'Kowalski|Kowalska Nowak Wiśniewski|Wiśniewska Wójcik Kowalczyk Kamiński|Kamińska Lewandowski|Lewandowska Zieliński|Zielińska Szymański|Szymańska Woźniak Dąbrowski|Dąbrowska Kozłowski|Kozłowska Jankowski|Jankowska Mazur Kwiatkowski|Kwiatkowska Krawczyk Piotrowski|Piotrowska Grabowski|Grabowska Nowakowski|Nowakowska Pawłowski|Pawłowska Michalski|Michalska Król Wieczorek Jabłoński|Jabłońska Wróbel Zając Stępień Górski|Górska',
  },
  ro: {
    m: 'Andrei Alexandru Mihai Ionuț Florin Ștefan Cristian Bogdan Adrian Radu Vlad Gabriel Dragoș Cătălin Sorin Marius Răzvan Tudor Ciprian Daniel',
    f: 'Ioana Elena Andreea Mihaela Cristina Alexandra Maria Raluca Roxana Simona Diana Gabriela Oana Bianca Irina Alina Ramona Corina Anca Adriana',
    l: 'Popescu Ionescu Popa Dumitrescu Stan Stoica Gheorghe Matei Constantin Rusu Munteanu Dumitru Ene Marin Tudor Moldovan Lazăr Sârbu Florea Vasile Ciobanu Pop Niculescu Mihăilescu Georgescu Ștefănescu Răducanu',
  },
  tr: {
    m: 'Mehmet Mustafa Ahmet Emre Burak Can Gökhan Murat Serkan Onur Hakan Kerem Oğuz Barış Volkan Yusuf Tolga Çağrı Furkan Selim',
    f: 'Ayşe Fatma Zeynep Elif Özlem Emine Hatice Merve Büşra Esra Gizem Derya Selin Ebru Seda Pınar Gülşen Şule Tuğba Nesrin',
    l: 'Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Korkmaz Erdoğan Güneş Aksoy Tekin',
  },
  arab: {
    m: 'Mohammed Ahmed Omar Khalid Youssef Hassan Ali Abdullah Ibrahim Tariq Karim Faisal Saeed Hamza Sultan Rashid Majid Nabil Ziad Walid Sami',
    f: 'Fatima Layla Noor Mariam Huda Rania Aisha Salma Yasmin Dina Hala Reem Lina Amira Nadia Samira Hanan Maha Sara Leila',
    l: 'Al-Mansouri Al-Hashimi Haddad Nasser Khalil Saleh Abdullah El-Sayed Mahmoud Hamdan Al-Farsi Aziz Al-Qahtani Al-Otaibi Al-Shamsi Al-Nuaimi Farouk Mansour Hassan Ibrahim Youssef Abdel-Rahman Kassem Darwish Barakat Suleiman Al-Zahrani Awad',
  },
  us: {
    m: 'James Michael Robert David Christopher John William Joseph Daniel Matthew Anthony Andrew Joshua Ryan Tyler Brandon Marcus DeShawn Kevin Brian Justin Eric Jason Scott Carlos Luis',
    f: 'Jennifer Jessica Ashley Emily Sarah Amanda Elizabeth Megan Lauren Rachel Stephanie Nicole Heather Michelle Kimberly Latoya Keisha Brittany Danielle Allison Maria Kayla Hannah Madison',
    l: 'Smith Johnson Williams Brown Jones Miller Davis Garcia Rodriguez Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Perez Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Kim Nguyen Patel Washington Sullivan',
  },
  ca: {
    m: 'Liam Noah Ethan Logan Owen Jacob Étienne Mathieu Louis-Philippe Jean-François Olivier Félix Benoît Connor Tyler Ryan Gurpreet Ravinder Wei Patrick',
    f: 'Emma Olivia Charlotte Ava Chloé Geneviève Marie-Ève Émilie Isabelle Catherine Mélanie Julie Sarah Megan Amanda Jasmine Harpreet Mei Nathalie Kathleen',
    l: "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier Bélanger Lévesque MacDonald Campbell Wilson Brown Smith Martin Thompson Anderson Taylor MacLeod Fraser Sandhu Gill Chen Wong Li Leblanc Bergeron O'Neil Johnston",
  },
  au: {
    m: 'Jack Oliver William Thomas Lachlan Cooper Harrison Noah James Liam Joshua Ethan Riley Mitchell Hamish Angus Bailey Jayden Dylan Tom',
    f: 'Charlotte Olivia Chloe Isla Matilda Ruby Mia Grace Sophie Emily Zoe Ella Jessica Hannah Georgia Lily Sienna Madison Kate Tahlia',
    l: "Smith Jones Williams Brown Wilson Taylor Nguyen Kelly Martin Anderson White Ryan O'Brien Thompson Walker Johnson Harris Lee King Thomas Campbell Clarke Mitchell Robinson Murphy Young Wright Hall Green Tran Papadopoulos Russo Kaur Singh",
  },
};
for (const r of Object.values(NAMES)) {
  r.m = r.m.split(' ');
  r.f = r.f.split(' ');
  // Family names of several words are written with underscores ("van_den_Berg").
  r.l = r.l.split(' ').map((w) => w.replace(/_/g, ' '));
}

// ---------------------------------------------------------------------------------------
// Countries: weight, the region of most names, phone format, and organisations by sector.
// An organisation is "Name|domain|level" (level l = local-regional, n = national,
// i = international; academia leaves it to chance).

const COUNTRIES = {
  GB: {
    w: 34,
    names: 'uk',
    diaspora: [
      ['in', 3],
      ['pk', 3],
      ['ng', 2],
      ['ie', 2],
      ['pl', 2],
      ['gh', 1],
      ['arab', 1],
      ['cn', 1],
      ['it', 1],
    ],
    academia:
      'University of Leeds|leeds.ac.uk;University of Manchester|manchester.ac.uk;University College London|ucl.ac.uk;King’s College London|kcl.ac.uk;University of Oxford|ox.ac.uk;University of Cambridge|cam.ac.uk;University of Birmingham|bham.ac.uk;University of Glasgow|gla.ac.uk;University of Edinburgh|ed.ac.uk;Cardiff University|cardiff.ac.uk;University of Portsmouth|port.ac.uk;University of Leicester|le.ac.uk;London School of Economics and Political Science|lse.ac.uk;University of Surrey|surrey.ac.uk;University of Kent|kent.ac.uk;Queen’s University Belfast|qub.ac.uk;University of Stirling|stir.ac.uk;University of Liverpool|liverpool.ac.uk;University of Nottingham|nottingham.ac.uk;University of Sheffield|sheffield.ac.uk;University of Warwick|warwick.ac.uk;University of York|york.ac.uk;Durham University|durham.ac.uk;Nottingham Trent University|ntu.ac.uk;University of Bristol|bristol.ac.uk;Swansea University|swansea.ac.uk;The Open University|open.ac.uk;Manchester Metropolitan University|mmu.ac.uk;University of Dundee|dundee.ac.uk;Teesside University|tees.ac.uk;University of Salford|salford.ac.uk;Canterbury Christ Church University|canterbury.ac.uk',
    'law-enforcement':
      'National Crime Agency|nca.gov.uk|n;National Crime Agency|nca.gov.uk|n;National Crime Agency|nca.gov.uk|n;Metropolitan Police Service|met.police.uk|l;West Midlands Police|westmidlands.police.uk|l;Greater Manchester Police|gmp.police.uk|l;Merseyside Police|merseyside.police.uk|l;West Yorkshire Police|westyorkshire.police.uk|l;Police Scotland|scotland.police.uk|n;Police Service of Northern Ireland|psni.police.uk|n;Thames Valley Police|thamesvalley.police.uk|l;Kent Police|kent.police.uk|l;Avon and Somerset Police|avonandsomerset.police.uk|l;South Wales Police|south-wales.police.uk|l;Lancashire Constabulary|lancashire.police.uk|l;Essex Police|essex.police.uk|l;City of London Police|cityoflondon.police.uk|n;Northumbria Police|northumbria.police.uk|l;British Transport Police|btp.police.uk|n;North West Regional Organised Crime Unit|nwrocu.police.uk|l;Eastern Region Special Operations Unit|ersou.police.uk|l;Serious Fraud Office|sfo.gov.uk|n;HM Revenue and Customs Fraud Investigation Service|hmrc.gov.uk|n;Border Force|homeoffice.gov.uk|n;National Police Chiefs’ Council|npcc.police.uk|n;College of Policing|college.police.uk|n',
    government:
      'Home Office|homeoffice.gov.uk|n;Home Office|homeoffice.gov.uk|n;Home Office|homeoffice.gov.uk|n;HM Treasury|hmtreasury.gov.uk|n;HM Revenue and Customs|hmrc.gov.uk|n;Cabinet Office|cabinetoffice.gov.uk|n;Foreign, Commonwealth and Development Office|fcdo.gov.uk|i;Ministry of Justice|justice.gov.uk|n;Scottish Government|gov.scot|n;Welsh Government|gov.wales|n;Department of Justice Northern Ireland|justice-ni.gov.uk|n;Financial Conduct Authority|fca.org.uk|n;Gambling Commission|gamblingcommission.gov.uk|n;Office for National Statistics|ons.gov.uk|n;Environment Agency|environment-agency.gov.uk|n;Birmingham City Council|birmingham.gov.uk|l;Manchester City Council|manchester.gov.uk|l;Mayor’s Office for Policing and Crime|london.gov.uk|l;Greater Manchester Combined Authority|greatermanchester-ca.gov.uk|l;Leeds City Council|leeds.gov.uk|l;Glasgow City Council|glasgow.gov.uk|l',
    industry:
      'HSBC|hsbc.com|i;Barclays|barclays.com|i;Lloyds Banking Group|lloydsbankinggroup.com|n;NatWest Group|natwestgroup.com|n;Santander UK|santander.co.uk|n;Nationwide Building Society|nationwide.co.uk|n;UK Finance|ukfinance.org.uk|n;Cifas|cifas.org.uk|n;BT Group|bt.com|n;Vodafone|vodafone.com|i;Deloitte|deloitte.co.uk|i;PwC|pwc.co.uk|i;KPMG|kpmg.co.uk|i;EY|ey.com|i;Elliptic|elliptic.co|i;BAE Systems Digital Intelligence|baesystems.com|i;Experian|experian.co.uk|n;Royal Mail Group|royalmail.com|n;Network Rail|networkrail.co.uk|n;Darktrace|darktrace.com|i;Standard Chartered|sc.com|i',
    'voluntary-community':
      'RUSI|rusi.org|i;RUSI|rusi.org|i;Chatham House|chathamhouse.org|i;Crimestoppers|crimestoppers-uk.org|n;Victim Support|victimsupport.org.uk|n;Unseen|unseenuk.org|n;Hope for Justice|hopeforjustice.org|i;Anti-Slavery International|antislavery.org|i;Transparency International UK|transparency.org.uk|n;Spotlight on Corruption|spotlightcorruption.org|n;Catch22|catch-22.org.uk|n;Barnardo’s|barnardos.org.uk|n;NSPCC|nspcc.org.uk|n;The Children’s Society|childrenssociety.org.uk|n;St Giles Trust|stgilestrust.org.uk|l;Missing People|missingpeople.org.uk|n;The Police Foundation|police-foundation.org.uk|n;Crest Advisory|crestadvisory.com|n;Redthread|redthread.org.uk|l;Environmental Investigation Agency|eia-international.org|i;The Salvation Army|salvationarmy.org.uk|n;STOP THE TRAFFIK|stopthetraffik.org|i;Justice and Care|justiceandcare.org|i',
    phone: 'gb',
  },
  IE: {
    w: 3,
    names: 'ie',
    diaspora: [
      ['uk', 3],
      ['pl', 2],
      ['br', 1],
      ['ro', 1],
    ],
    academia:
      'Trinity College Dublin|tcd.ie;University College Dublin|ucd.ie;University College Cork|ucc.ie;University of Galway|universityofgalway.ie;University of Limerick|ul.ie;Dublin City University|dcu.ie;Maynooth University|mu.ie;Technological University Dublin|tudublin.ie',
    'law-enforcement':
      'An Garda Síochána|garda.ie|n;An Garda Síochána|garda.ie|n;Garda National Economic Crime Bureau|garda.ie|n;Garda National Drugs and Organised Crime Bureau|garda.ie|n;Criminal Assets Bureau|cab.ie|n;Revenue Customs Service|revenue.ie|n',
    government:
      'Department of Justice|justice.ie|n;Department of Foreign Affairs|dfa.ie|i;Central Bank of Ireland|centralbank.ie|n;Dublin City Council|dublincity.ie|l',
    industry:
      'Bank of Ireland|boi.com|n;AIB|aib.ie|n;Permanent TSB|ptsb.ie|n;Accenture Ireland|accenture.com|i',
    'voluntary-community':
      'Irish Council for Civil Liberties|iccl.ie|n;Ruhama|ruhama.ie|n;Migrant Rights Centre Ireland|mrci.ie|n;Transparency International Ireland|transparency.ie|n;Barnardos Ireland|barnardos.ie|n',
    phone: ['353', '1 2', 7],
  },
  NG: {
    w: 3,
    names: 'ng',
    academia:
      'University of Lagos|unilag.edu.ng;University of Ibadan|ui.edu.ng;Ahmadu Bello University|abu.edu.ng;University of Nigeria, Nsukka|unn.edu.ng;Obafemi Awolowo University|oauife.edu.ng;University of Abuja|uniabuja.edu.ng;Bayero University Kano|buk.edu.ng',
    'law-enforcement':
      'Economic and Financial Crimes Commission|efcc.gov.ng|n;National Drug Law Enforcement Agency|ndlea.gov.ng|n;Nigeria Police Force|npf.gov.ng|n;Lagos State Police Command|npf.gov.ng|l;National Agency for the Prohibition of Trafficking in Persons|naptip.gov.ng|n;Nigeria Customs Service|customs.gov.ng|n',
    government:
      'Nigerian Financial Intelligence Unit|nfiu.gov.ng|n;Federal Ministry of Justice|justice.gov.ng|n;Independent Corrupt Practices Commission|icpc.gov.ng|n;Lagos State Ministry of Justice|lagosstate.gov.ng|l',
    industry:
      'Access Bank|accessbankplc.com|i;Zenith Bank|zenithbank.com|n;Guaranty Trust Bank|gtbank.com|n;First Bank of Nigeria|firstbanknigeria.com|n;MTN Nigeria|mtn.ng|n',
    'voluntary-community':
      'CLEEN Foundation|cleen.org|n;Civil Society Legislative Advocacy Centre|cislacnigeria.net|n;HEDA Resource Centre|hedang.org|n;Women Trafficking and Child Labour Eradication Foundation|wotclef.org.ng|n',
    phone: ['234', '803', 7],
  },
  GH: {
    w: 1.5,
    names: 'gh',
    academia:
      'University of Ghana|ug.edu.gh;Kwame Nkrumah University of Science and Technology|knust.edu.gh;University of Cape Coast|ucc.edu.gh;Kofi Annan International Peacekeeping Training Centre|kaiptc.org',
    'law-enforcement':
      'Ghana Police Service|police.gov.gh|n;Narcotics Control Commission|ncc.gov.gh|n;Economic and Organised Crime Office|eoco.gov.gh|n;Accra Regional Police Command|police.gov.gh|l',
    government:
      'Financial Intelligence Centre Ghana|fic.gov.gh|n;Ministry of the Interior|mint.gov.gh|n;Office of the Special Prosecutor|osp.gov.gh|n',
    industry: 'GCB Bank|gcbbank.com.gh|n;Ecobank|ecobank.com|i;MTN Ghana|mtn.com.gh|n',
    'voluntary-community':
      'West Africa Network for Peacebuilding|wanep.org|i;Ghana Anti-Corruption Coalition|gaccgh.org|n;Ghana Center for Democratic Development|cddgh.org|n',
    phone: ['233', '24', 7],
  },
  KE: {
    w: 2,
    names: 'ke',
    academia:
      'University of Nairobi|uonbi.ac.ke;Kenyatta University|ku.ac.ke;Strathmore University|strathmore.edu;Moi University|mu.ac.ke;Egerton University|egerton.ac.ke',
    'law-enforcement':
      'Directorate of Criminal Investigations|dci.go.ke|n;National Police Service|nationalpolice.go.ke|n;Ethics and Anti-Corruption Commission|eacc.go.ke|n;Assets Recovery Agency|ara.go.ke|n;Nairobi County Police Command|nationalpolice.go.ke|l',
    government:
      'Financial Reporting Centre|frc.go.ke|n;Ministry of Interior and National Administration|interior.go.ke|n;Office of the Director of Public Prosecutions|odpp.go.ke|n',
    industry:
      'Safaricom|safaricom.co.ke|n;KCB Group|kcbgroup.com|i;Equity Group|equitygroupholdings.com|i',
    'voluntary-community':
      'HAART Kenya|haartkenya.org|n;Kenya Human Rights Commission|khrc.or.ke|n;Mombasa Women Empowerment Network|mwen.or.ke|l',
    phone: ['254', '7', 8],
  },
  ZA: {
    w: 2.5,
    names: 'za',
    academia:
      'University of Cape Town|uct.ac.za;University of the Witwatersrand|wits.ac.za;University of Pretoria|up.ac.za;Stellenbosch University|sun.ac.za;University of KwaZulu-Natal|ukzn.ac.za;University of South Africa|unisa.ac.za;Rhodes University|ru.ac.za',
    'law-enforcement':
      'South African Police Service|saps.gov.za|n;Directorate for Priority Crime Investigation (Hawks)|saps.gov.za|n;National Prosecuting Authority|npa.gov.za|n;SAPS Western Cape|saps.gov.za|l;SAPS Gauteng|saps.gov.za|l',
    government:
      'Financial Intelligence Centre|fic.gov.za|n;Department of Justice and Constitutional Development|justice.gov.za|n;South African Revenue Service|sars.gov.za|n;City of Cape Town|capetown.gov.za|l',
    industry:
      'Standard Bank|standardbank.co.za|i;Absa Group|absa.co.za|i;FirstRand|firstrand.co.za|n;Nedbank|nedbank.co.za|n;SABRIC|sabric.co.za|n',
    'voluntary-community':
      'Institute for Security Studies|issafrica.org|i;Institute for Security Studies|issafrica.org|i;Corruption Watch|corruptionwatch.org.za|n;A21 South Africa|a21.org|n',
    phone: ['27', '21', 7],
  },
  IN: {
    w: 4,
    names: 'in',
    academia:
      'University of Delhi|du.ac.in;Jawaharlal Nehru University|jnu.ac.in;National Law School of India University|nls.ac.in;Tata Institute of Social Sciences|tiss.edu;Indian Institute of Technology Bombay|iitb.ac.in;National Law University Delhi|nludelhi.ac.in;Rashtriya Raksha University|rru.ac.in',
    'law-enforcement':
      'Central Bureau of Investigation|cbi.gov.in|n;Narcotics Control Bureau|narcoticsindia.nic.in|n;Directorate of Enforcement|enforcementdirectorate.gov.in|n;National Investigation Agency|nia.gov.in|n;Mumbai Police|mumbaipolice.gov.in|l;Delhi Police|delhipolice.gov.in|l;Kerala Police|keralapolice.gov.in|l',
    government:
      'Ministry of Home Affairs|mha.gov.in|n;Financial Intelligence Unit India|fiuindia.gov.in|n;Reserve Bank of India|rbi.org.in|n;Indian Cyber Crime Coordination Centre|i4c.mha.gov.in|n',
    industry:
      'State Bank of India|sbi.co.in|n;HDFC Bank|hdfcbank.com|n;ICICI Bank|icicibank.com|n;Infosys|infosys.com|i;Tata Consultancy Services|tcs.com|i',
    'voluntary-community':
      'Prajwala|prajwalaindia.com|n;Bachpan Bachao Andolan|bba.org.in|n;Commonwealth Human Rights Initiative|humanrightsinitiative.org|i;International Justice Mission India|ijm.org|n',
    phone: ['91', '98', 8],
  },
  PK: {
    w: 1.5,
    names: 'pk',
    academia:
      'Lahore University of Management Sciences|lums.edu.pk;Quaid-i-Azam University|qau.edu.pk;University of the Punjab|pu.edu.pk;National University of Sciences and Technology|nust.edu.pk;University of Karachi|uok.edu.pk',
    'law-enforcement':
      'Federal Investigation Agency|fia.gov.pk|n;Anti-Narcotics Force|anf.gov.pk|n;Punjab Police|punjabpolice.gov.pk|l;Sindh Police|sindhpolice.gov.pk|l;National Accountability Bureau|nab.gov.pk|n',
    government:
      'Ministry of Interior|interior.gov.pk|n;Financial Monitoring Unit|fmu.gov.pk|n;State Bank of Pakistan|sbp.org.pk|n',
    industry: 'Habib Bank Limited|hbl.com|i;MCB Bank|mcb.com.pk|n;Jazz|jazz.com.pk|n',
    'voluntary-community':
      'Sustainable Development Policy Institute|sdpi.org|n;Transparency International Pakistan|transparency.org.pk|n',
    phone: ['92', '300', 7],
  },
  CN: {
    w: 2,
    names: 'cn',
    diaspora: [],
    academia:
      'Peking University|pku.edu.cn;Tsinghua University|tsinghua.edu.cn;Fudan University|fudan.edu.cn;Renmin University of China|ruc.edu.cn;China University of Political Science and Law|cupl.edu.cn;People’s Public Security University of China|ppsuc.edu.cn;East China University of Political Science and Law|ecupl.edu.cn',
    'law-enforcement':
      'Ministry of Public Security|mps.gov.cn|n;Shanghai Municipal Public Security Bureau|gaj.sh.gov.cn|l;Guangdong Provincial Public Security Department|gdga.gd.gov.cn|l',
    government:
      'People’s Bank of China|pbc.gov.cn|n;Ministry of Justice|moj.gov.cn|n;China Anti-Money Laundering Monitoring and Analysis Center|camlmac.gov.cn|n',
    industry:
      'Bank of China|boc.cn|i;Industrial and Commercial Bank of China|icbc.com.cn|i;Alibaba Group|alibabagroup.com|i;Tencent|tencent.com|i',
    phone: ['86', '10', 8],
  },
  JP: {
    w: 1.5,
    names: 'jp',
    diaspora: [],
    academia:
      'University of Tokyo|u-tokyo.ac.jp;Kyoto University|kyoto-u.ac.jp;Keio University|keio.ac.jp;Waseda University|waseda.jp;Hitotsubashi University|hit-u.ac.jp;Chuo University|chuo-u.ac.jp',
    'law-enforcement':
      'National Police Agency|npa.go.jp|n;Tokyo Metropolitan Police Department|keishicho.metro.tokyo.lg.jp|l;Osaka Prefectural Police|police.pref.osaka.lg.jp|l;Japan Coast Guard|kaiho.mlit.go.jp|n',
    government:
      'Ministry of Justice|moj.go.jp|n;Financial Services Agency|fsa.go.jp|n;Japan Financial Intelligence Center|npa.go.jp|n',
    industry:
      'MUFG|mufg.jp|i;Mizuho Financial Group|mizuhogroup.com|i;Sumitomo Mitsui Banking Corporation|smbc.co.jp|i;Trend Micro|trendmicro.com|i;NEC|nec.com|i',
    'voluntary-community': 'Lighthouse: Center for Human Trafficking Victims|lhj.jp|n',
    phone: ['81', '3', 8],
  },
  BR: {
    w: 2.5,
    names: 'br',
    academia:
      'Universidade de São Paulo|usp.br;Universidade Estadual de Campinas|unicamp.br;Universidade Federal do Rio de Janeiro|ufrj.br;Fundação Getulio Vargas|fgv.br;Universidade de Brasília|unb.br;Universidade Federal de Minas Gerais|ufmg.br',
    'law-enforcement':
      'Polícia Federal|pf.gov.br|n;Polícia Federal|pf.gov.br|n;Polícia Civil do Estado de São Paulo|policiacivil.sp.gov.br|l;Polícia Militar do Estado do Rio de Janeiro|pmerj.rj.gov.br|l;Receita Federal|receita.fazenda.gov.br|n',
    government:
      'Conselho de Controle de Atividades Financeiras|coaf.gov.br|n;Ministério da Justiça e Segurança Pública|mj.gov.br|n;Controladoria-Geral da União|cgu.gov.br|n',
    industry:
      'Itaú Unibanco|itau.com.br|i;Banco do Brasil|bb.com.br|n;Bradesco|bradesco.com.br|n;Nubank|nubank.com.br|n',
    'voluntary-community':
      'Instituto Igarapé|igarape.org.br|i;Fórum Brasileiro de Segurança Pública|forumseguranca.org.br|n;Instituto Sou da Paz|soudapaz.org|n',
    phone: ['55', '11 9', 8],
  },
  MX: {
    w: 2,
    names: 'mx',
    academia:
      'Universidad Nacional Autónoma de México|unam.mx;El Colegio de México|colmex.mx;Instituto Tecnológico Autónomo de México|itam.mx;Centro de Investigación y Docencia Económicas|cide.edu;Tecnológico de Monterrey|tec.mx;Universidad Iberoamericana|ibero.mx',
    'law-enforcement':
      'Fiscalía General de la República|fgr.org.mx|n;Guardia Nacional|guardianacional.gob.mx|n;Secretaría de Seguridad Ciudadana de la Ciudad de México|ssc.cdmx.gob.mx|l;Fiscalía General del Estado de Jalisco|fiscalia.jalisco.gob.mx|l',
    government:
      'Unidad de Inteligencia Financiera|uif.gob.mx|n;Secretaría de Gobernación|segob.gob.mx|n;Secretaría de Relaciones Exteriores|sre.gob.mx|i',
    industry:
      'BBVA México|bbva.mx|n;Banorte|banorte.com|n;Santander México|santander.com.mx|n;Cemex|cemex.com|i',
    'voluntary-community':
      'México Evalúa|mexicoevalua.org|n;Causa en Común|causaencomun.org.mx|n;Comisión Unidos vs Trata|unidosvstrata.org|n',
    phone: ['52', '55', 8],
  },
  ES: {
    w: 3,
    names: 'es',
    academia:
      'Universidad Complutense de Madrid|ucm.es;Universidad Autónoma de Madrid|uam.es;Universitat de Barcelona|ub.edu;Universitat de València|uv.es;Universidad de Salamanca|usal.es;Universidad Carlos III de Madrid|uc3m.es;Universidad de Granada|ugr.es;Universidad de Málaga|uma.es',
    'law-enforcement':
      'Policía Nacional|policia.es|n;Guardia Civil|guardiacivil.es|n;Mossos d’Esquadra|mossos.cat|l;Ertzaintza|ertzaintza.euskadi.eus|l;Centro de Inteligencia contra el Terrorismo y el Crimen Organizado|interior.gob.es|n',
    government:
      'Ministerio del Interior|interior.gob.es|n;SEPBLAC|sepblac.es|n;Ministerio de Justicia|mjusticia.gob.es|n;Ayuntamiento de Madrid|madrid.es|l',
    industry:
      'Banco Santander|santander.com|i;BBVA|bbva.com|i;CaixaBank|caixabank.com|n;Telefónica|telefonica.com|i',
    'voluntary-community':
      'Proyecto Esperanza|proyectoesperanza.org|n;APRAMP|apramp.org|n;Fundación ANAR|anar.org|n;Real Instituto Elcano|realinstitutoelcano.org|i',
    phone: ['34', '91', 7],
  },
  IT: {
    w: 3,
    names: 'it',
    academia:
      'Università Cattolica del Sacro Cuore (Transcrime)|unicatt.it;Università di Torino|unito.it;Sapienza Università di Roma|uniroma1.it;Università di Bologna|unibo.it;Università degli Studi di Milano|unimi.it;Università di Palermo|unipa.it;Università di Napoli Federico II|unina.it;Università di Trento|unitn.it',
    'law-enforcement':
      'Polizia di Stato|poliziadistato.it|n;Arma dei Carabinieri|carabinieri.it|n;Guardia di Finanza|gdf.gov.it|n;Direzione Investigativa Antimafia|interno.gov.it|n;Questura di Milano|poliziadistato.it|l;Comando Provinciale Carabinieri di Palermo|carabinieri.it|l',
    government:
      'Ministero dell’Interno|interno.gov.it|n;Unità di Informazione Finanziaria per l’Italia|bancaditalia.it|n;Ministero della Giustizia|giustizia.it|n;Comune di Milano|comune.milano.it|l',
    industry:
      'UniCredit|unicredit.eu|i;Intesa Sanpaolo|intesasanpaolo.com|i;Generali|generali.com|i;Leonardo|leonardo.com|i',
    'voluntary-community':
      'Libera|libera.it|n;Fondazione Giovanni Falcone|fondazionefalcone.org|n;On the Road|ontheroadonlus.it|n',
    phone: ['39', '06', 8],
  },
  FR: {
    w: 3,
    names: 'fr',
    diaspora: [
      ['arab', 3],
      ['ng', 1],
    ],
    academia:
      'Sorbonne Université|sorbonne-universite.fr;Sciences Po|sciencespo.fr;Université Paris 1 Panthéon-Sorbonne|univ-paris1.fr;Université de Bordeaux|u-bordeaux.fr;Université Grenoble Alpes|univ-grenoble-alpes.fr;Université Jean Moulin Lyon 3|univ-lyon3.fr;Aix-Marseille Université|univ-amu.fr',
    'law-enforcement':
      'Police nationale|interieur.gouv.fr|n;Gendarmerie nationale|gendarmerie.interieur.gouv.fr|n;Office anti-stupéfiants|interieur.gouv.fr|n;Préfecture de police de Paris|prefecturedepolice.interieur.gouv.fr|l;INTERPOL General Secretariat|interpol.int|i',
    government:
      'Tracfin|economie.gouv.fr|n;Ministère de l’Intérieur|interieur.gouv.fr|n;Ministère de la Justice|justice.gouv.fr|n;Agence française anticorruption|agence-francaise-anticorruption.gouv.fr|n',
    industry:
      'BNP Paribas|bnpparibas.com|i;Société Générale|societegenerale.com|i;Crédit Agricole|credit-agricole.com|i;Thales|thalesgroup.com|i;Orange|orange.com|i',
    'voluntary-community':
      'Comité contre l’esclavage moderne|esclavagemoderne.org|n;Transparency International France|transparency-france.org|n;Sherpa|asso-sherpa.org|i',
    phone: ['33', '1', 8],
  },
  DE: {
    w: 4,
    names: 'de',
    diaspora: [
      ['tr', 3],
      ['pl', 1],
      ['arab', 1],
    ],
    academia:
      'Ruprecht-Karls-Universität Heidelberg|uni-heidelberg.de;Freie Universität Berlin|fu-berlin.de;Humboldt-Universität zu Berlin|hu-berlin.de;Ludwig-Maximilians-Universität München|lmu.de;Universität Hamburg|uni-hamburg.de;Universität zu Köln|uni-koeln.de;Max-Planck-Institut zur Erforschung von Kriminalität, Sicherheit und Recht|csl.mpg.de;Deutsche Hochschule der Polizei|dhpol.de',
    'law-enforcement':
      'Bundeskriminalamt|bka.de|n;Bundeskriminalamt|bka.de|n;Landeskriminalamt Nordrhein-Westfalen|polizei.nrw|l;Polizei Berlin|polizei.berlin.de|l;Bayerisches Landeskriminalamt|polizei.bayern.de|l;Zollkriminalamt|zoll.de|n;Bundespolizei|bundespolizei.de|n',
    government:
      'Bundesministerium des Innern|bmi.bund.de|n;Bundesministerium der Finanzen|bundesfinanzministerium.de|n;Financial Intelligence Unit (FIU)|zoll.de|n;Senatsverwaltung für Inneres Berlin|berlin.de|l',
    industry:
      'Deutsche Bank|db.com|i;Commerzbank|commerzbank.com|i;Allianz|allianz.com|i;SAP|sap.com|i;Deutsche Telekom|telekom.com|i',
    'voluntary-community':
      'Transparency International|transparency.org|i;KOK – Bundesweiter Koordinierungskreis gegen Menschenhandel|kok-gegen-menschenhandel.de|n;Weisser Ring|weisser-ring.de|n',
    phone: ['49', '30', 8],
  },
  NL: {
    w: 3,
    names: 'nl',
    diaspora: [
      ['tr', 1],
      ['arab', 1],
    ],
    academia:
      'Universiteit van Amsterdam|uva.nl;Vrije Universiteit Amsterdam|vu.nl;Universiteit Utrecht|uu.nl;Erasmus Universiteit Rotterdam|eur.nl;Universiteit Leiden|universiteitleiden.nl;Rijksuniversiteit Groningen|rug.nl;Tilburg University|tilburguniversity.edu;Netherlands Institute for the Study of Crime and Law Enforcement (NSCR)|nscr.nl',
    'law-enforcement':
      'Nationale Politie|politie.nl|n;FIOD|fiod.nl|n;Koninklijke Marechaussee|marechaussee.nl|n;Politie Eenheid Rotterdam|politie.nl|l;Openbaar Ministerie|om.nl|n;Europol|europol.europa.eu|i;Europol|europol.europa.eu|i',
    government:
      'Ministerie van Justitie en Veiligheid|minjenv.nl|n;FIU-Nederland|fiu-nederland.nl|n;WODC|wodc.nl|n;RIEC Amsterdam-Amstelland|riec.nl|l;Gemeente Rotterdam|rotterdam.nl|l',
    industry:
      'ING|ing.com|i;ABN AMRO|abnamro.com|i;Rabobank|rabobank.com|n;Fox-IT|fox-it.com|i;Port of Rotterdam|portofrotterdam.com|i',
    'voluntary-community':
      'CoMensha|comensha.nl|n;FairWork|fairwork.nu|n;Clingendael Institute|clingendael.org|i',
    phone: ['31', '70', 7],
  },
  PL: {
    w: 2,
    names: 'pl',
    diaspora: [],
    academia:
      'Uniwersytet Warszawski|uw.edu.pl;Uniwersytet Jagielloński|uj.edu.pl;Uniwersytet im. Adama Mickiewicza w Poznaniu|amu.edu.pl;Uniwersytet Wrocławski|uwr.edu.pl;Uniwersytet SWPS|swps.pl',
    'law-enforcement':
      'Policja|policja.pl|n;Centralne Biuro Śledcze Policji|cbsp.policja.pl|n;Centralne Biuro Antykorupcyjne|cba.gov.pl|n;Straż Graniczna|strazgraniczna.pl|n;Komenda Stołeczna Policji|policja.waw.pl|l;Frontex|frontex.europa.eu|i',
    government:
      'Ministerstwo Spraw Wewnętrznych i Administracji|mswia.gov.pl|n;Generalny Inspektor Informacji Finansowej|mf.gov.pl|n;Urząd m.st. Warszawy|um.warszawa.pl|l',
    industry:
      'PKO Bank Polski|pkobp.pl|n;Bank Pekao|pekao.com.pl|n;mBank|mbank.pl|n;Asseco|asseco.com|i',
    'voluntary-community':
      'La Strada Polska|strada.org.pl|n;Fundacja im. Stefana Batorego|batory.org.pl|n',
    phone: ['48', '22', 7],
  },
  RO: {
    w: 1.5,
    names: 'ro',
    diaspora: [],
    academia:
      'Universitatea din București|unibuc.ro;Universitatea Babeș-Bolyai|ubbcluj.ro;Universitatea Alexandru Ioan Cuza din Iași|uaic.ro;Academia de Poliție „Alexandru Ioan Cuza”|academiadepolitie.ro',
    'law-enforcement':
      'Poliția Română|politiaromana.ro|n;DIICOT|diicot.ro|n;Direcția Națională Anticorupție|pna.ro|n;Poliția de Frontieră Română|politiadefrontiera.ro|n;Direcția Generală de Poliție a Municipiului București|b.politiaromana.ro|l',
    government:
      'Ministerul Afacerilor Interne|mai.gov.ro|n;Oficiul Național de Prevenire și Combatere a Spălării Banilor|onpcsb.ro|n;Agenția Națională împotriva Traficului de Persoane|anitp.mai.gov.ro|n',
    industry:
      'Banca Transilvania|bancatransilvania.ro|n;BCR|bcr.ro|n;Bitdefender|bitdefender.com|i',
    'voluntary-community': 'eLiberare|eliberare.com|n;Expert Forum|expertforum.ro|n',
    phone: ['40', '21', 7],
  },
  TR: {
    w: 1.5,
    names: 'tr',
    diaspora: [],
    academia:
      'Boğaziçi Üniversitesi|boun.edu.tr;Orta Doğu Teknik Üniversitesi|metu.edu.tr;Ankara Üniversitesi|ankara.edu.tr;İstanbul Üniversitesi|istanbul.edu.tr;Bilkent Üniversitesi|bilkent.edu.tr;Polis Akademisi|pa.edu.tr',
    'law-enforcement':
      'Emniyet Genel Müdürlüğü|egm.gov.tr|n;Jandarma Genel Komutanlığı|jandarma.gov.tr|n;İstanbul Emniyet Müdürlüğü|istanbul.pol.tr|l',
    government: 'MASAK|masak.hmb.gov.tr|n;İçişleri Bakanlığı|icisleri.gov.tr|n',
    industry:
      'Türkiye İş Bankası|isbank.com.tr|n;Garanti BBVA|garantibbva.com.tr|n;Akbank|akbank.com|n;Turkcell|turkcell.com.tr|n',
    'voluntary-community': 'TESEV|tesev.org.tr|n',
    phone: ['90', '212', 7],
  },
  AE: {
    w: 1,
    names: 'arab',
    diaspora: [
      ['in', 3],
      ['pk', 2],
      ['uk', 1],
    ],
    nativeShare: 0.6,
    academia:
      'United Arab Emirates University|uaeu.ac.ae;Khalifa University|ku.ac.ae;American University of Sharjah|aus.edu;Rabdan Academy|ra.ac.ae',
    'law-enforcement':
      'Dubai Police|dubaipolice.gov.ae|l;Abu Dhabi Police|adpolice.gov.ae|l;Ministry of Interior|moi.gov.ae|n',
    government:
      'UAE Financial Intelligence Unit|uaefiu.gov.ae|n;Executive Office for Anti-Money Laundering and Counter Terrorism Financing|amlctf.gov.ae|n',
    industry:
      'Emirates NBD|emiratesnbd.com|i;First Abu Dhabi Bank|bankfab.com|i;Mashreq|mashreq.com|i',
    'voluntary-community': 'Dubai Foundation for Women and Children|dfwac.ae|l',
    phone: ['971', '4', 7],
  },
  SA: {
    w: 0.7,
    names: 'arab',
    diaspora: [],
    academia:
      'King Saud University|ksu.edu.sa;King Abdulaziz University|kau.edu.sa;Naif Arab University for Security Sciences|nauss.edu.sa',
    'law-enforcement':
      'Ministry of Interior|moi.gov.sa|n;General Directorate of Narcotics Control|moi.gov.sa|n',
    government: 'Saudi Arabia Financial Intelligence Unit|safiu.gov.sa|n',
    industry: 'Saudi National Bank|snb.com|n;Al Rajhi Bank|alrajhibank.com.sa|n',
    phone: ['966', '11', 7],
  },
  EG: {
    w: 1,
    names: 'arab',
    diaspora: [],
    academia:
      'Cairo University|cu.edu.eg;The American University in Cairo|aucegypt.edu;Alexandria University|alexu.edu.eg;Ain Shams University|asu.edu.eg',
    'law-enforcement': 'Ministry of Interior|moi.gov.eg|n;Cairo Security Directorate|moi.gov.eg|l',
    government: 'Egyptian Money Laundering and Terrorist Financing Combating Unit|mlcu.org.eg|n',
    industry: 'National Bank of Egypt|nbe.com.eg|n;Commercial International Bank|cibeg.com|n',
    'voluntary-community': 'Egyptian Initiative for Personal Rights|eipr.org|n',
    phone: ['20', '2', 8],
  },
  JO: {
    w: 0.5,
    names: 'arab',
    diaspora: [],
    academia:
      'University of Jordan|ju.edu.jo;Jordan University of Science and Technology|just.edu.jo',
    'law-enforcement': 'Public Security Directorate|psd.gov.jo|n',
    government: 'Anti-Money Laundering and Counter Terrorist Financing Unit|amlu.gov.jo|n',
    industry: 'Arab Bank|arabbank.com|i',
    'voluntary-community': 'Tamkeen for Legal Aid and Human Rights|tamkeen-jo.org|n',
    phone: ['962', '6', 7],
  },
  US: {
    w: 8,
    names: 'us',
    diaspora: [
      ['mx', 3],
      ['cn', 1],
      ['in', 1],
      ['uk', 1],
      ['it', 1],
      ['ie', 1],
    ],
    nativeShare: 0.75,
    academia:
      'Georgia State University|gsu.edu;John Jay College of Criminal Justice|jjay.cuny.edu;George Mason University|gmu.edu;Harvard University|harvard.edu;Stanford University|stanford.edu;New York University|nyu.edu;Columbia University|columbia.edu;Georgetown University|georgetown.edu;University of Maryland|umd.edu;Arizona State University|asu.edu;University of Pennsylvania|upenn.edu;University of Cincinnati|uc.edu;Michigan State University|msu.edu',
    'law-enforcement':
      'Federal Bureau of Investigation|fbi.gov|n;Drug Enforcement Administration|dea.gov|n;Homeland Security Investigations|ice.gov|n;United States Secret Service|secretservice.gov|n;IRS Criminal Investigation|irs.gov|n;New York City Police Department|nyc.gov|l;Los Angeles Police Department|lapdonline.org|l;Chicago Police Department|chicagopolice.org|l',
    government:
      'U.S. Department of State, Bureau of International Narcotics and Law Enforcement Affairs|state.gov|i;U.S. Department of Justice|justice.gov|n;Financial Crimes Enforcement Network|fincen.gov|n;U.S. Department of the Treasury|treasury.gov|n;National Institute of Justice|nij.ojp.gov|n;Government Accountability Office|gao.gov|n',
    industry:
      'JPMorgan Chase|jpmorganchase.com|i;Citi|citi.com|i;Bank of America|bankofamerica.com|i;Chainalysis|chainalysis.com|i;Microsoft|microsoft.com|i;Mastercard|mastercard.com|i;Visa|visa.com|i;Western Union|westernunion.com|i;PayPal|paypal.com|i;TRM Labs|trmlabs.com|i',
    'voluntary-community':
      'Polaris Project|polarisproject.org|n;Strategic Capacity Group|strategiccapacity.org|i;InSight Crime|insightcrime.org|i;Global Financial Integrity|gfintegrity.org|i;C4ADS|c4ads.org|i;RAND Corporation|rand.org|i;Center for Strategic and International Studies|csis.org|i;Thorn|thorn.org|i',
    phone: 'us',
  },
  CA: {
    w: 3,
    names: 'ca',
    diaspora: [
      ['in', 2],
      ['cn', 2],
      ['arab', 1],
    ],
    academia:
      'University of Toronto|utoronto.ca;University of British Columbia|ubc.ca;McGill University|mcgill.ca;Université de Montréal|umontreal.ca;University of Ottawa|uottawa.ca;Simon Fraser University|sfu.ca;Carleton University|carleton.ca',
    'law-enforcement':
      'Royal Canadian Mounted Police|rcmp-grc.gc.ca|n;Royal Canadian Mounted Police|rcmp-grc.gc.ca|n;Toronto Police Service|tps.ca|l;Ontario Provincial Police|opp.ca|l;Sûreté du Québec|sq.gouv.qc.ca|l;Vancouver Police Department|vpd.ca|l;Canada Border Services Agency|cbsa-asfc.gc.ca|n',
    government:
      'Public Safety Canada|publicsafety.gc.ca|n;FINTRAC|fintrac-canafe.gc.ca|n;Department of Justice Canada|justice.gc.ca|n;City of Toronto|toronto.ca|l',
    industry:
      'RBC|rbc.com|i;TD Bank Group|td.com|i;Scotiabank|scotiabank.com|i;BMO Financial Group|bmo.com|i',
    'voluntary-community':
      'Canadian Centre to End Human Trafficking|ccteht.ca|n;Canadian Centre for Child Protection|protectchildren.ca|n;Egmont Centre of FIU Excellence and Leadership|egmontgroup.org|i',
    phone: 'ca',
  },
  AU: {
    w: 3,
    names: 'au',
    diaspora: [
      ['cn', 2],
      ['in', 2],
      ['uk', 2],
    ],
    nativeShare: 0.75,
    academia:
      'University of Melbourne|unimelb.edu.au;University of Sydney|sydney.edu.au;Australian National University|anu.edu.au;Monash University|monash.edu;University of Queensland|uq.edu.au;Griffith University|griffith.edu.au;UNSW Sydney|unsw.edu.au;Deakin University|deakin.edu.au',
    'law-enforcement':
      'Australian Federal Police|afp.gov.au|n;Victoria Police|police.vic.gov.au|l;NSW Police Force|police.nsw.gov.au|l;Queensland Police Service|police.qld.gov.au|l;Australian Criminal Intelligence Commission|acic.gov.au|n;Australian Border Force|abf.gov.au|n',
    government:
      'Department of Home Affairs|homeaffairs.gov.au|n;AUSTRAC|austrac.gov.au|n;Australian Institute of Criminology|aic.gov.au|n;Attorney-General’s Department|ag.gov.au|n',
    industry:
      'Commonwealth Bank|commbank.com.au|n;Westpac|westpac.com.au|n;ANZ|anz.com|i;National Australia Bank|nab.com.au|n;Telstra|telstra.com|n',
    'voluntary-community':
      'Anti-Slavery Australia|antislavery.org.au|n;Walk Free|walkfree.org|i;Lowy Institute|lowyinstitute.org|i',
    phone: 'au',
  },
};

// International organisations: name, domain, seat country (a member's country is the seat
// most of the time, else a field office's).
const INTERNATIONAL = [
  ['UNODC', 'unodc.org', 'AT', 12, 'KE IN PK TH MX BR NG CO ZA'],
  ['UNICRI', 'unicri.org', 'IT', 5],
  ['Europol', 'europol.europa.eu', 'NL', 10],
  ['INTERPOL', 'interpol.int', 'FR', 8, 'SG AR ZW CI SV'],
  ['Eurojust', 'eurojust.europa.eu', 'NL', 4],
  ['European Union Drugs Agency', 'euda.europa.eu', 'PT', 3],
  ['Frontex', 'frontex.europa.eu', 'PL', 3],
  ['OSCE', 'osce.org', 'AT', 4, 'RS BA MK UA AL'],
  ['Council of Europe (MONEYVAL)', 'coe.int', 'FR', 3],
  ['Financial Action Task Force', 'fatf-gafi.org', 'FR', 3],
  ['OECD', 'oecd.org', 'FR', 3],
  ['European Commission', 'ec.europa.eu', 'BE', 5],
  ['World Bank', 'worldbank.org', 'US', 4, 'KE IN NG BR'],
  ['International Monetary Fund', 'imf.org', 'US', 2],
  ['International Organization for Migration', 'iom.int', 'CH', 4, 'NG GH TH IT MX'],
  ['United Nations Development Programme', 'undp.org', 'US', 3, 'KE PK NG MX'],
  ['International Labour Organization', 'ilo.org', 'CH', 2],
  ['Commonwealth Secretariat', 'thecommonwealth.org', 'GB', 2],
  ['AFRIPOL', 'afripol.africa-union.org', 'DZ', 1],
  ['GIABA', 'giaba.org', 'SN', 1],
  ['Egmont Group of Financial Intelligence Units', 'egmontgroup.org', 'CA', 1],
  ['World Customs Organization', 'wcoomd.org', 'BE', 2],
  ['ASEANAPOL', 'aseanapol.org', 'MY', 1],
];

// Name regions for international staff (any nationality) and for "other" residents.
const ANY_REGION = new Weighted([
  ['uk', 12],
  ['us', 6],
  ['it', 5],
  ['fr', 5],
  ['de', 5],
  ['nl', 3],
  ['es', 4],
  ['ie', 2],
  ['pl', 2],
  ['ro', 1],
  ['tr', 1],
  ['ng', 3],
  ['gh', 2],
  ['ke', 3],
  ['za', 2],
  ['in', 4],
  ['pk', 2],
  ['cn', 2],
  ['jp', 1],
  ['br', 3],
  ['mx', 2],
  ['arab', 3],
  ['ca', 2],
  ['au', 2],
]);

// Telephone country codes of the seats and field offices (formats: code, prefix, digits).
const EXTRA_PHONES = {
  AT: ['43', '1', 7],
  PT: ['351', '21', 7],
  BE: ['32', '2', 7],
  CH: ['41', '22', 7],
  DZ: ['213', '23', 6],
  SN: ['221', '33', 7],
  MY: ['60', '3', 8],
  TH: ['66', '2', 7],
  CO: ['57', '601', 7],
  SG: ['65', '6', 7],
  AR: ['54', '11', 8],
  ZW: ['263', '24', 7],
  CI: ['225', '27', 8],
  SV: ['503', '2', 7],
  RS: ['381', '11', 7],
  BA: ['387', '33', 6],
  MK: ['389', '2', 7],
  UA: ['380', '44', 7],
  AL: ['355', '4', 7],
};

// ---------------------------------------------------------------------------------------
// Sectors, levels, titles, expertise, bios

const SECTORS = new Weighted([
  ['academia', 35],
  ['law-enforcement', 25],
  ['government', 15],
  ['industry', 10],
  ['voluntary-community', 8],
  ['international-organisation', 7],
]);

const LEVEL_CODE = { l: 'local-regional', n: 'national', i: 'international' };
const ACADEMIC_LEVEL = new Weighted([
  ['national', 45],
  ['international', 35],
  ['local-regional', 20],
]);

const DISCIPLINES = new Weighted([
  ['Criminology', 30],
  ['Law', 12],
  ['Sociology', 8],
  ['Criminal Justice', 6],
  ['Economics', 4],
  ['Political Science', 5],
  ['International Relations', 5],
  ['Security Studies', 5],
  ['Computer Science', 5],
  ['Psychology', 4],
  ['Public Health', 3],
  ['Forensic Science', 3],
  ['Social Policy', 3],
  ['Accounting and Finance', 3],
  ['Geography', 2],
  ['Anthropology', 2],
]);
const UK_RANKS = new Weighted([
  ['Lecturer in', 20],
  ['Senior Lecturer in', 20],
  ['Reader in', 8],
  ['Professor of', 12],
  ['Research Fellow in', 10],
  ['Research Associate in', 8],
  ['PhD Researcher in', 12],
  ['Associate Professor in', 6],
]);
const OTHER_RANKS = new Weighted([
  ['Assistant Professor of', 20],
  ['Associate Professor of', 20],
  ['Professor of', 15],
  ['Postdoctoral Researcher in', 12],
  ['Research Fellow in', 10],
  ['PhD Candidate in', 15],
  ['Lecturer in', 8],
]);
const UK_STYLE = new Set(['GB', 'IE', 'AU', 'ZA', 'NG', 'GH', 'KE', 'IN', 'PK']);

const TITLES = {
  policeUk: new Weighted([
    ['Detective Constable', 12],
    ['Detective Sergeant', 14],
    ['Detective Inspector', 12],
    ['Detective Chief Inspector', 7],
    ['Detective Superintendent', 4],
    ['Chief Superintendent', 1],
    ['Intelligence Analyst', 14],
    ['Senior Intelligence Analyst', 8],
    ['Financial Investigator', 9],
    ['Digital Forensics Investigator', 5],
    ['Modern Slavery and Organised Immigration Crime Coordinator', 3],
    ['Head of Serious and Organised Crime', 2],
    ['Police Staff Researcher', 4],
    ['Evidence-Based Policing Lead', 3],
  ]),
  national: new Weighted([
    ['Senior Investigating Officer', 10],
    ['Investigator', 14],
    ['Intelligence Officer', 12],
    ['Senior Intelligence Analyst', 10],
    ['Criminal Intelligence Analyst', 12],
    ['Branch Commander', 3],
    ['Operations Manager', 6],
    ['Threat Lead', 4],
    ['Financial Investigator', 8],
    ['Cyber Crime Investigator', 7],
    ['International Liaison Officer', 5],
    ['Head of Research and Analysis', 3],
    ['Prosecutor', 4],
  ]),
  police: new Weighted([
    ['Inspector', 12],
    ['Chief Inspector', 6],
    ['Superintendent', 4],
    ['Investigator', 14],
    ['Criminal Intelligence Analyst', 12],
    ['Financial Investigator', 8],
    ['Cyber Crime Investigator', 7],
    ['Head of Organised Crime Unit', 3],
    ['Liaison Officer', 4],
  ]),
  usFederal: new Weighted([
    ['Special Agent', 20],
    ['Supervisory Special Agent', 6],
    ['Intelligence Analyst', 12],
    ['Forensic Accountant', 4],
    ['Program Manager', 4],
  ]),
  government: new Weighted([
    ['Policy Adviser', 14],
    ['Senior Policy Adviser', 12],
    ['Head of Policy', 4],
    ['Social Researcher', 10],
    ['Senior Research Officer', 10],
    ['Principal Research Officer', 6],
    ['Economist', 6],
    ['Statistician', 4],
    ['Analyst', 10],
    ['Deputy Director', 3],
    ['Programme Manager', 6],
    ['Legal Adviser', 4],
    ['Head of Serious and Organised Crime Analysis', 2],
  ]),
  local: new Weighted([
    ['Community Safety Manager', 10],
    ['Policy Officer', 10],
    ['Partnership Analyst', 8],
    ['Exploitation and Missing Coordinator', 5],
    ['Trading Standards Officer', 4],
  ]),
  industry: new Weighted([
    ['Head of Financial Crime', 8],
    ['Financial Crime Investigator', 12],
    ['AML Compliance Manager', 10],
    ['Money Laundering Reporting Officer', 5],
    ['Fraud Strategy Lead', 8],
    ['Threat Intelligence Analyst', 10],
    ['Head of Fraud Prevention', 6],
    ['Forensic Accountant', 6],
    ['Director, Forensic Services', 3],
    ['Data Scientist', 7],
    ['Security Researcher', 7],
    ['Sanctions Analyst', 5],
    ['Head of Investigations', 4],
  ]),
  voluntary: new Weighted([
    ['Research Officer', 12],
    ['Senior Research Fellow', 8],
    ['Research Fellow', 10],
    ['Associate Fellow', 5],
    ['Programme Manager', 10],
    ['Policy and Research Manager', 8],
    ['Director', 4],
    ['Chief Executive', 2],
    ['Project Coordinator', 8],
    ['Advocacy Officer', 6],
    ['Senior Analyst', 6],
    ['Survivor Support Lead', 4],
  ]),
  international: new Weighted([
    ['Programme Officer', 14],
    ['Crime Prevention and Criminal Justice Officer', 10],
    ['Research Officer', 8],
    ['Senior Analyst', 8],
    ['Strategic Analyst', 6],
    ['Project Coordinator', 10],
    ['Legal Officer', 6],
    ['Head of Unit', 3],
    ['Policy Analyst', 8],
    ['Specialist', 5],
    ['Associate Expert', 4],
    ['Consultant', 5],
  ]),
};

const TOPICS = {
  scale: ['the scale of organised crime', 'measuring organised crime'],
  'impacts-harms': ['the harms organised crime does to communities', 'impacts and harms'],
  costs: ['the social and economic costs of organised crime'],
  'victims-vulnerable-groups': ['victims and vulnerable groups', 'victim support and resilience'],
  offenders: ['pathways into organised crime', 'offender decision making'],
  interventions: ['what works in disrupting organised crime', 'prevention and disruption'],
  'markets-networks': ['criminal markets and networks', 'network analysis of criminal groups'],
  'facilitators-drivers': ['the drivers and facilitators of organised crime'],
  'horizon-scanning': ['emerging threats', 'horizon scanning'],
  data: ['data sharing and measurement', 'open-source data'],
  technologies: ['technology for investigation and detection', 'digital forensics'],
  'money-laundering': [
    'money laundering and criminal finance',
    'professional money laundering',
    'money mules and cash smuggling',
  ],
  drugs: ['drug markets', 'drug supply networks', 'synthetic drugs'],
  'firearms-violence-gangs': ['firearms, violence and gangs', 'gang violence'],
  'economic-crime-fraud': ['fraud and economic crime', 'online fraud', 'public sector fraud'],
  'cyber-crime': ['cyber crime', 'ransomware and cyber-enabled crime'],
  'organised-acquisitive-crime': ['organised acquisitive crime', 'metal theft and vehicle crime'],
  'environmental-crime': ['environmental crime', 'wildlife trafficking', 'waste crime'],
  'immigration-trafficking-exploitation': [
    'human trafficking and modern slavery',
    'organised immigration crime',
    'child exploitation',
  ],
  enablers: ['corruption and professional enablers', 'the criminal use of legitimate business'],
};
const TOPIC_BASE = [
  ['money-laundering', 10],
  ['drugs', 9],
  ['cyber-crime', 9],
  ['immigration-trafficking-exploitation', 8],
  ['economic-crime-fraud', 8],
  ['markets-networks', 7],
  ['interventions', 6],
  ['firearms-violence-gangs', 5],
  ['offenders', 5],
  ['victims-vulnerable-groups', 5],
  ['enablers', 5],
  ['impacts-harms', 4],
  ['data', 4],
  ['technologies', 4],
  ['horizon-scanning', 3],
  ['facilitators-drivers', 3],
  ['scale', 2],
  ['costs', 2],
  ['organised-acquisitive-crime', 2],
  ['environmental-crime', 2],
];
const SECTOR_TOPIC_BIAS = {
  industry: {
    'economic-crime-fraud': 3,
    'money-laundering': 3,
    'cyber-crime': 2.5,
    technologies: 2,
  },
  'law-enforcement': {
    drugs: 1.8,
    'firearms-violence-gangs': 2,
    'organised-acquisitive-crime': 2,
    'markets-networks': 1.3,
  },
  'voluntary-community': {
    'victims-vulnerable-groups': 3.5,
    'immigration-trafficking-exploitation': 2.5,
    enablers: 1.5,
  },
  'international-organisation': {
    'immigration-trafficking-exploitation': 1.8,
    'environmental-crime': 2.5,
    enablers: 2,
    'money-laundering': 1.5,
  },
  government: { costs: 3, scale: 2.5, data: 2, interventions: 1.8, 'horizon-scanning': 2 },
  academia: { 'markets-networks': 1.5, offenders: 1.5, 'impacts-harms': 1.5 },
};
const TOPIC_TABLES = Object.fromEntries(
  Object.entries(SECTOR_TOPIC_BIAS).map(([sector, bias]) => [
    sector,
    new Weighted(TOPIC_BASE.map(([id, w]) => [id, w * (bias[id] ?? 1)])),
  ]),
);
const TOPIC_COUNT = new Weighted([
  [1, 20],
  [2, 35],
  [3, 25],
  [4, 13],
  [5, 7],
]);

const COUNTRY_NAMES = {
  GB: 'the UK',
  IE: 'Ireland',
  NG: 'Nigeria',
  GH: 'Ghana',
  KE: 'Kenya',
  ZA: 'South Africa',
  IN: 'India',
  PK: 'Pakistan',
  CN: 'China',
  JP: 'Japan',
  BR: 'Brazil',
  MX: 'Mexico',
  ES: 'Spain',
  IT: 'Italy',
  FR: 'France',
  DE: 'Germany',
  NL: 'the Netherlands',
  PL: 'Poland',
  RO: 'Romania',
  TR: 'Türkiye',
  AE: 'the United Arab Emirates',
  SA: 'Saudi Arabia',
  EG: 'Egypt',
  JO: 'Jordan',
  US: 'the United States',
  CA: 'Canada',
  AU: 'Australia',
};
const REGIONS_OF_WORK = [
  'West Africa',
  'East Africa',
  'the Western Balkans',
  'the Sahel',
  'Latin America',
  'South and South-East Asia',
  'the Gulf',
  'Europe',
  'the Caribbean',
];
const FOCUS = {
  academia: [
    'mixed-methods research with practitioners',
    'evidence for policy and practice',
    'ethnographic fieldwork',
    'quantitative and network methods',
    'the organised crime–terrorism nexus',
    'security sector reform',
  ],
  'law-enforcement': [
    'pursuing the most harmful crime groups upstream, overseas and online',
    'partnership working with academics',
    'intelligence development',
    'asset recovery',
    'county lines',
    'disrupting professional enablers',
  ],
  government: [
    'the evidence base for the serious and organised crime strategy',
    'measuring the impact of law enforcement activity',
    'cross-government policy',
    'commissioning research',
  ],
  industry: [
    'public–private information sharing',
    'transaction monitoring',
    'blockchain analytics',
    'protecting customers from scams',
  ],
  'voluntary-community': [
    'survivor-informed research',
    'community resilience',
    'security sector reform and accountability',
    'policy advocacy',
    'early intervention with young people',
  ],
  'international-organisation': [
    'capacity building for criminal justice institutions',
    'the organised crime–terrorism nexus',
    'cross-border cooperation',
    'technical assistance to member states',
  ],
};

// ---------------------------------------------------------------------------------------
// Prepared tables

function parseOrgs(text, sector) {
  if (!text) return [];
  return text.split(';').map((entry) => {
    const [name, domain, level] = entry.split('|');
    return { name, domain, level: level ? LEVEL_CODE[level] : null, sector };
  });
}

const SECTOR_IDS = SECTORS.values;
const COUNTRY_TABLE = {};
for (const sector of SECTOR_IDS) {
  if (sector === 'international-organisation') continue;
  COUNTRY_TABLE[sector] = new Weighted(
    Object.entries(COUNTRIES)
      .filter(([, c]) => c[sector])
      .map(([code, c]) => [code, c.w]),
  );
}
for (const c of Object.values(COUNTRIES)) {
  c.orgs = {};
  for (const sector of SECTOR_IDS) c.orgs[sector] = parseOrgs(c[sector], sector);
  const others = c.diaspora ?? [];
  const nativeShare = c.nativeShare ?? 0.85;
  const otherTotal = others.reduce((a, [, w]) => a + w, 0);
  c.nameTable = new Weighted(
    otherTotal > 0
      ? [
          [c.names, nativeShare * 100],
          ...others.map(([r, w]) => [r, ((1 - nativeShare) * 100 * w) / otherTotal]),
        ]
      : [[c.names, 1]],
  );
}
const INTERNATIONAL_TABLE = new Weighted(INTERNATIONAL.map((o) => [o, o[3]]));

// ---------------------------------------------------------------------------------------
// Contact details

function phoneFor(r, country) {
  const c = COUNTRIES[country];
  const f = c?.phone ?? EXTRA_PHONES[country] ?? ['44', '20', 8];
  if (f === 'gb') {
    // Ofcom's numbers reserved for drama: never anyone's real line.
    const areas = ['20 7946 0', '113 496 0', '161 496 0', '121 496 0', '117 496 0', '131 496 0'];
    return r.chance(0.3) ? `+44 7700 900${r.digits(3)}` : `+44 ${r.pick(areas)}${r.digits(3)}`;
  }
  if (f === 'us' || f === 'ca') {
    // 555-0100 to 555-0199 are set aside for fiction.
    const areas =
      f === 'us' ? ['202', '212', '404', '312', '213', '703'] : ['416', '514', '613', '604'];
    return `+1 ${r.pick(areas)} 555 01${r.digits(2)}`;
  }
  if (f === 'au') {
    // ACMA's numbers for use in fiction.
    return r.chance(0.5)
      ? `+61 2 5550 ${r.digits(4)}`
      : `+61 491 570 ${r.pick(['006', '156', '157', '158', '159', '110'])}`;
  }
  const [code, prefix, n] = f;
  const rest = r.digits(n);
  const half = Math.ceil(n / 2);
  return `+${code} ${prefix} ${rest.slice(0, half)} ${rest.slice(half)}`;
}

function visibilityFor(r) {
  const pick = (m, a) => {
    const u = r.next();
    return u < m ? 'members' : u < m + a ? 'admins' : 'hidden';
  };
  return { email: pick(0.7, 0.2), phone: pick(0.5, 0.3), website: pick(0.9, 0.05) };
}

// ---------------------------------------------------------------------------------------
// One member

/**
 * Member `index` (0-based) of the run with `seed`: the same inputs always give the same
 * member. Fields are the users columns the directory uses.
 */
export function memberAt(index, seed = DEFAULT_SEED) {
  const r = new Rng(memberSeed(seed, index));
  const sector = r.weighted(SECTORS);
  let country;
  let org;
  let regionOfNames;
  if (sector === 'international-organisation') {
    const [name, domain, seat, , offices] = r.weighted(INTERNATIONAL_TABLE);
    country = offices && r.chance(0.35) ? r.pick(offices.split(' ')) : seat;
    const office = country !== seat && name === 'UNODC' ? ' (field office)' : '';
    org = { name: `${name}${office}`, domain, level: 'international' };
    regionOfNames = r.weighted(ANY_REGION);
  } else {
    country = r.weighted(COUNTRY_TABLE[sector]);
    const c = COUNTRIES[country];
    org = r.pick(c.orgs[sector]);
    regionOfNames = r.weighted(c.nameTable);
  }
  const names = NAMES[regionOfNames];
  const female = r.chance(0.5);
  const given = r.pick(female ? names.f : names.m);
  let family = r.pick(names.l);
  if (family.includes('|')) family = family.split('|')[female ? 1 : 0];
  if ((regionOfNames === 'mx' || regionOfNames === 'es') && r.chance(0.45)) {
    let second = r.pick(names.l);
    if (second === family) second = r.pick(names.l);
    family = `${family} ${second}`;
  }
  if (regionOfNames === 'br' && r.chance(0.3)) family = `${r.pick(['da', 'dos', 'de'])} ${family}`;
  const name = `${given} ${family}`;

  // Level.
  let level;
  if (sector === 'academia') level = r.weighted(ACADEMIC_LEVEL);
  else if (sector === 'international-organisation') level = 'international';
  else level = org.level ?? 'national';

  // Title.
  let title;
  if (sector === 'academia') {
    const rank = r.weighted(UK_STYLE.has(country) ? UK_RANKS : OTHER_RANKS);
    title = `${rank} ${r.weighted(DISCIPLINES)}`;
  } else if (sector === 'law-enforcement') {
    if (country === 'US' && level === 'national') title = r.weighted(TITLES.usFederal);
    else if ((country === 'GB' || country === 'IE') && level === 'local-regional')
      title = r.weighted(TITLES.policeUk);
    else if (level === 'local-regional') title = r.weighted(TITLES.police);
    else title = r.weighted(TITLES.national);
  } else if (sector === 'government') {
    title = r.weighted(level === 'local-regional' ? TITLES.local : TITLES.government);
  } else if (sector === 'industry') title = r.weighted(TITLES.industry);
  else if (sector === 'voluntary-community') title = r.weighted(TITLES.voluntary);
  else title = r.weighted(TITLES.international);
  if (r.chance(0.04)) title = null;

  // Expertise: 1–5 distinct topics, skewed by sector.
  const wanted = r.weighted(TOPIC_COUNT);
  const expertise = [];
  for (let tries = 0; expertise.length < wanted && tries < 20; tries++) {
    const t = r.weighted(TOPIC_TABLES[sector]);
    if (!expertise.includes(t)) expertise.push(t);
  }

  // Bio from templates.
  let bio = null;
  if (r.chance(0.88)) {
    const phrases = expertise.map((t) => r.pick(TOPICS[t]));
    const main = phrases[0];
    const rest = listJoin(phrases.slice(1));
    const where = COUNTRY_NAMES[country] ?? r.pick(REGIONS_OF_WORK);
    const focus = r.pick(FOCUS[sector]);
    const role = title ? `${title} at ${org.name}` : `Based at ${org.name}`;
    const templates = [
      () => `${role}. Works on ${listJoin(phrases)}, with a focus on ${focus}.`,
      () => `My research looks at ${main}${rest ? ` and its links with ${rest}` : ''} in ${where}.`,
      () => `${role}, leading work on ${main}.${rest ? ` Also interested in ${rest}.` : ''}`,
      () => `Specialist in ${main} in ${where}, with a focus on ${focus}.`,
      () =>
        `Interested in ${listJoin(phrases)}. Previously worked in ${r.pick(REGIONS_OF_WORK)} on ${focus}.`,
      () => `${role}. Areas: ${phrases.join('; ')}.`,
    ];
    bio = r.pick(templates)();
  }

  // ORCID for most academics and some researchers elsewhere.
  let orcid = null;
  if (r.chance(sector === 'academia' ? 0.6 : sector === 'law-enforcement' ? 0.02 : 0.1)) {
    const base = `000${r.pick(['0', '0', '1'])}000${r.int(1, 3)}${r.digits(7)}`;
    const d = `${base}${orcidCheckDigit(base)}`;
    orcid = `${d.slice(0, 4)}-${d.slice(4, 8)}-${d.slice(8, 12)}-${d.slice(12)}`;
  }

  const first = asciiFold(given) || 'member';
  const last = asciiFold(family) || 'member';
  const email = `${first}.${last}.${index + 1}@${org.domain}`;
  const website = r.chance(sector === 'academia' ? 0.55 : 0.2)
    ? `https://${sector === 'academia' ? '' : 'www.'}${org.domain}/${sector === 'academia' ? 'staff' : 'people'}/${slug(`${given} ${family}`)}`
    : null;
  const phone = r.chance(0.45) ? phoneFor(r, country) : null;
  const visibility = visibilityFor(r);
  const ageDays = r.int(0, 1000);

  return {
    index,
    email,
    name,
    title,
    organisation: org.name,
    sector,
    country,
    level,
    expertise,
    bio,
    orcid,
    website,
    phone,
    visibility,
    ageDays,
  };
}

// ---------------------------------------------------------------------------------------
// Database

/** One argon2id hash (the app's parameters) for every seeded account. */
export async function hashSeedPassword(password = SEEDED_PASSWORD) {
  const { default: argon2 } = await import('argon2');
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
}

/** The index after the highest one already seeded (0 when none). */
export async function nextSeedIndex(db) {
  const { rows } = await db.query(
    `SELECT coalesce(max((substring(email from '\\.([0-9]+)@'))::int), 0) AS n
       FROM users WHERE statement = $1`,
    [SEED_STATEMENT],
  );
  return Number(rows[0].n);
}

/** Deletes every seeded member (their sessions go with them). Returns how many. */
export async function deleteSeeded(db) {
  const res = await db.query(`DELETE FROM users WHERE statement = $1`, [SEED_STATEMENT]);
  return res.rowCount;
}

const INSERT = `
  INSERT INTO users (email, password_hash, name, organisation, sector, country, statement, status,
                     roles, title, level, expertise, bio, orcid, website, phone, visibility,
                     created_at, updated_at, decided_at)
  SELECT t.email, $1, t.name, t.organisation, t.sector, t.country, $2, 'approved', '{member}',
         t.title, t.level, string_to_array(t.expertise, ','), t.bio, t.orcid, t.website, t.phone,
         t.visibility::jsonb, now() - make_interval(days => t.age), now() - make_interval(days => t.age),
         now() - make_interval(days => t.age)
    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::int[])
         AS t(email, name, organisation, sector, country, title, level, expertise, bio, orcid,
              website, phone, visibility, age)
  ON CONFLICT (email) DO NOTHING`;

function batchParams(members, passwordHash) {
  const cols = Array.from({ length: 14 }, () => []);
  for (const m of members) {
    cols[0].push(m.email);
    cols[1].push(m.name);
    cols[2].push(m.organisation);
    cols[3].push(m.sector);
    cols[4].push(m.country);
    cols[5].push(m.title);
    cols[6].push(m.level);
    cols[7].push(m.expertise.join(','));
    cols[8].push(m.bio);
    cols[9].push(m.orcid);
    cols[10].push(m.website);
    cols[11].push(m.phone);
    cols[12].push(JSON.stringify(m.visibility));
    cols[13].push(m.ageDays);
  }
  return [passwordHash, SEED_STATEMENT, ...cols];
}

/**
 * Inserts members start … start+count-1 of `seed`, in batches of `batchSize` rows, with up
 * to `concurrency` batches in flight (one pooled connection each). `pool` is a pg.Pool (or
 * anything with query()). Calls onProgress(done, total) after each batch. Returns the number
 * of rows inserted (rows whose email already existed are skipped).
 */
export async function insertMembers(
  pool,
  {
    start = 0,
    count,
    seed = DEFAULT_SEED,
    passwordHash,
    batchSize = 1000,
    concurrency = 2,
    onProgress,
  },
) {
  if (!passwordHash) throw new Error('insertMembers: passwordHash is required');
  const batches = Math.ceil(count / batchSize);
  let nextBatch = 0;
  let done = 0;
  let inserted = 0;
  const worker = async () => {
    while (nextBatch < batches) {
      const b = nextBatch++;
      const from = start + b * batchSize;
      const to = Math.min(start + count, from + batchSize);
      const members = [];
      for (let i = from; i < to; i++) members.push(memberAt(i, seed));
      const res = await pool.query(INSERT, batchParams(members, passwordHash));
      inserted += res.rowCount;
      done += members.length;
      onProgress?.(done, count);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, batches)) }, worker));
  return inserted;
}
